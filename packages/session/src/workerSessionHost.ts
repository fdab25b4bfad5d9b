import { Worker } from 'node:worker_threads';
import type { AkidbError } from '@akidb/core';
import type { InferenceSession } from 'onnxruntime-node';
import { describeError, inferenceFailed, modelLoadFailed } from './errors.js';
import {
  closeAtProcessExit,
  closeNativeCallGate,
  closeNativeCallGateAsync,
  createNativeCallGate,
  forgetAtProcessExit,
} from './nativeCallGate.js';
import type { NativeSession, SessionHost } from './nativeSession.js';
import { toMetadata } from './nativeSession.js';
import { decodeResults, encodeFeeds } from './wireTensors.js';
import type {
  CreatedSession,
  CreateRequest,
  ReleaseRequest,
  RunRequest,
  WireError,
  WireTensors,
  WorkerReply,
  WorkerRequest,
} from './workerProtocol.js';

/** A request without its id, which {@link WorkerSessionHost} assigns. */
type Request = Omit<CreateRequest, 'id'> | Omit<RunRequest, 'id'> | Omit<ReleaseRequest, 'id'>;

interface Pending {
  readonly op: WorkerRequest['op'];
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Starts `sessionWorker.mjs` (next to this module in `src/` and in `dist/` alike) behind `gate`. */
export function spawnSessionWorker(gate: Int32Array): Worker {
  return new Worker(new URL('./sessionWorker.mjs', import.meta.url), {
    name: 'akidb-session',
    workerData: { gate },
  });
}

/** The errors of runs that failed because the worker died, as opposed to errors ONNX Runtime raised. */
const workerLosses = new WeakSet<object>();

/** True for an error of a run that failed because its session worker died (crashed, exited, was terminated). */
export function isWorkerLoss(error: unknown): boolean {
  return typeof error === 'object' && error !== null && workerLosses.has(error);
}

/** An error from the worker as an `Error` again, so that load-failure checks read its message. */
function rebuildError(wire: WireError): Error {
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}

/**
 * A worker thread owning one native session: requests go out by `postMessage` (input buffers
 * transferred), answers come back matched by id (output buffers transferred). If the worker crashes
 * or exits, every pending and later request fails at once (MODEL_LOAD_FAILED while creating,
 * INFERENCE_FAILED for runs); releasing a session whose worker is gone succeeds. The worker keeps
 * the process alive only while a request is pending, like a pending native run would. On process
 * exit it holds the exit until the worker's native call in progress returns (see `nativeCallGate.ts`).
 * `lost` resolves when the worker dies on its own or through {@link WorkerSessionHost.terminate}.
 */
export class WorkerSessionHost implements SessionHost {
  readonly runIn = 'worker' as const;
  readonly #modelPath: string;
  readonly #gate = createNativeCallGate();
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<number>;
  #nextId = 1;
  #gone: { readonly reason: string; readonly cause: unknown } | undefined;
  #running = true;
  #stopping = false;
  #closed: Promise<void> | undefined;
  #terminated: Promise<void> | undefined;
  #onLost: (reason: string) => void = () => {};
  /** Resolves with the reason once the worker is unusable other than by {@link close}: it crashed, exited or was terminated. */
  readonly lost: Promise<string> = new Promise((resolve) => {
    this.#onLost = resolve;
  });

  /** `modelPath` names the model in load errors; `spawn` starts the worker (tests pass their own). */
  constructor(modelPath: string, spawn: (gate: Int32Array) => Worker = spawnSessionWorker) {
    this.#modelPath = modelPath;
    this.#worker = spawn(this.#gate);
    closeAtProcessExit(this.#gate);
    this.#worker.unref();
    this.#worker.on('message', (reply: WorkerReply) => this.#settle(reply));
    this.#worker.on('messageerror', (error) => this.#fail('sent a message that could not be read', error));
    this.#worker.on('error', (error) => this.#fail(`crashed (${describeError(error)})`, error));
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#running = false;
        forgetAtProcessExit(this.#gate);
        this.#fail(`exited (code ${code})`, undefined);
        resolve(code);
      });
    });
  }

  /** Resolves with the worker's exit code once its thread has ended. */
  get exited(): Promise<number> {
    return this.#exited;
  }

  async create(path: string, options: InferenceSession.SessionOptions): Promise<NativeSession> {
    const created = (await this.#call({ op: 'create', path, options })) as CreatedSession;
    return {
      inputNames: [...created.inputNames],
      outputNames: [...created.outputNames],
      inputMetadata: toMetadata(created.inputMetadata),
      outputMetadata: toMetadata(created.outputMetadata),
      run: async (feeds, fetches, mayDetach) => {
        const encoded = encodeFeeds(feeds, mayDetach);
        const request = fetches === undefined ? { feeds: encoded.feeds } : { feeds: encoded.feeds, fetches };
        return decodeResults((await this.#call({ op: 'run', ...request }, encoded.transfer)) as WireTensors);
      },
      release: async () => {
        if (this.#gone === undefined) await this.#call({ op: 'release' });
      },
    };
  }

  /**
   * Ends the worker as a crash would, but without aborting the process: lets its native call in
   * progress return (waiting without blocking), then fails every pending request as a worker loss
   * (that call's answer too, unless it came first) and terminates the thread. Resolves once the
   * thread has ended.
   */
  terminate(): Promise<void> {
    this.#terminated ??= this.#terminate();
    return this.#terminated;
  }

  async #terminate(): Promise<void> {
    this.#stopping = true;
    // A worker that ends meanwhile holds no native call: stop waiting for its gate then.
    if (this.#running) await Promise.race([closeNativeCallGateAsync(this.#gate), this.#exited]);
    this.#fail('was terminated', undefined);
    await this.#worker.terminate();
    await this.#exited;
  }

  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    if (this.#gone === undefined) this.#gone = { reason: 'was closed', cause: undefined };
    // Nothing is pending when a session closes its host, so this does not wait; it only keeps the
    // worker from starting anything more. A worker that has already ended holds no native call.
    if (this.#running) closeNativeCallGate(this.#gate);
    await this.#worker.terminate();
    await this.#exited;
  }

  #call(request: Request, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.#gone !== undefined) {
      return Promise.reject(this.#failure(request.op, this.#gone.reason, this.#gone.cause));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#worker.postMessage({ ...request, id }, transfer);
      this.#pending.set(id, { op: request.op, resolve, reject });
      if (this.#pending.size === 1) this.#worker.ref();
    });
  }

  #settle(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.id);
    // Once terminating, the worker refuses queued calls; those fail as a worker loss instead.
    if (pending === undefined || (this.#stopping && !reply.ok)) return;
    this.#forget(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(rebuildError(reply.error));
  }

  #forget(id: number): void {
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker.unref();
  }

  /** The worker is unusable: fails everything pending, and everything asked from now on. */
  #fail(reason: string, cause: unknown): void {
    if (this.#gone === undefined) {
      this.#gone = { reason, cause };
      this.#onLost(reason);
    }
    for (const [id, pending] of this.#pending) {
      this.#forget(id);
      if (pending.op === 'release') pending.resolve(undefined);
      else pending.reject(this.#failure(pending.op, reason, cause));
    }
  }

  #failure(op: WorkerRequest['op'], reason: string, cause: unknown): AkidbError {
    const message = `the ONNX session worker ${reason}`;
    if (op === 'create') return modelLoadFailed(this.#modelPath, `${message}.`, cause);
    const error = inferenceFailed(`The run did not complete: ${message}.`, cause);
    workerLosses.add(error);
    return error;
  }
}
