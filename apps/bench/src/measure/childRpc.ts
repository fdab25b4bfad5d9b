import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A request to a child: an operation name and its JSON payload. */
export interface RpcRequest {
  id: number;
  op: string;
  payload: unknown;
}

/** The child's answer to one request. */
export interface RpcResponse {
  id: number;
  result?: unknown;
  error?: string;
}

/** A TypeScript module running in its own Node process, answering requests over IPC. */
export interface ChildRpc {
  call<T>(op: string, payload?: unknown): Promise<T>;
  /** Ends the child and waits for it to exit. */
  close(): Promise<void>;
}

/** Node flags that let a child run `.ts` from source, as `pnpm bench` runs the parent. */
function childExecArgv(): string[] {
  return ['--conditions=@akidb/source', '--import', import.meta.resolve('tsx')];
}

/**
 * Forks `moduleUrl` (a module that calls {@link serveRpc}) in a fresh process. Fresh processes
 * give honest cold-load times and peak RSS, and let fastembed use its own onnxruntime-node.
 *
 * @example
 * const child = forkRpc(new URL('./footprintChild.ts', import.meta.url));
 * const result = await child.call<FootprintResult>('measure', input);
 */
export function forkRpc(moduleUrl: URL): ChildRpc {
  const child: ChildProcess = fork(fileURLToPath(moduleUrl), [], {
    execArgv: childExecArgv(),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      const reason = new Error(`child ${moduleUrl.pathname} exited (${signal ?? code}): ${stderr.trim()}`);
      for (const waiter of pending.values()) waiter.reject(reason);
      pending.clear();
      resolve();
    });
  });
  child.on('message', (message: RpcResponse) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });
  return {
    call<T>(op: string, payload?: unknown): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, op, payload } satisfies RpcRequest);
      });
    },
    async close(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
}

/** Handlers a child module serves, by operation name. */
export type RpcHandlers = Record<string, (payload: never) => Promise<unknown>>;

/**
 * Answers {@link forkRpc} requests with `handlers`, one at a time, in arrival order.
 *
 * @example
 * serveRpc({ measure: (input: FootprintInput) => measureFootprint(input) });
 */
export function serveRpc(handlers: RpcHandlers): void {
  let queue = Promise.resolve();
  process.on('message', (request: RpcRequest) => {
    queue = queue.then(async () => {
      const handler = handlers[request.op];
      try {
        if (!handler) throw new Error(`unknown operation "${request.op}"`);
        const result = await handler(request.payload as never);
        process.send?.({ id: request.id, result } satisfies RpcResponse);
      } catch (error) {
        const message = error instanceof Error ? `${error.message}` : String(error);
        process.send?.({ id: request.id, error: message } satisfies RpcResponse);
      }
    });
  });
  process.on('disconnect', () => process.exit(0));
}
