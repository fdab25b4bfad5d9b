import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The server app's directory (`apps/server`), where `src/main.ts` lives; `AKIDB_TESTS_SERVER_DIR`
 * points the child-process tests at another checkout of it (e.g. one with a fix applied).
 */
export const SERVER_DIR: string =
  process.env.AKIDB_TESTS_SERVER_DIR ?? fileURLToPath(new URL('../../../../apps/server/', import.meta.url));

/** One pino line of the child's log. */
export interface LogLine {
  level?: number;
  msg?: string;
  url?: string;
  [key: string]: unknown;
}

/** A server running as a child process (`node --import tsx src/main.ts`). */
export interface ServerProcess {
  readonly url: string;
  /** The pid of the server itself (node runs main.ts directly, no wrapper process). */
  readonly pid: number;
  readonly child: ChildProcessWithoutNullStreams;
  /** Every JSON log line so far. */
  readonly logs: readonly LogLine[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** Sends SIGKILL if still running and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `apps/server/src/main.ts` in a child process with `args` and extra `env`, and resolves once
 * it logs `listening` (use `--port 0`: the URL comes from that log line; keep the log level at
 * `info` or lower, or that line is never written).
 *
 * @example
 * const server = await spawnServer(['--port', '0', '--max-batch-size', '4']);
 * await fetch(`${server.url}/health`);
 * await server.stop();
 */
export async function spawnServer(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@akidb/source', 'src/main.ts', ...args],
    {
      cwd: SERVER_DIR,
      env: { ...process.env, AKIDB_LOG_LEVEL: 'info', HF_HUB_OFFLINE: '1', ...env },
    },
  );
  const logs: LogLine[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not log "listening" within 90 s: ${stderr}`));
    }, 90_000);
    child.once('exit', (code) => {
      clearTimeout(guard);
      reject(new Error(`server exited early (${code}): ${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry: LogLine;
      try {
        entry = JSON.parse(line) as LogLine;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'listening' && typeof entry.url === 'string') {
        clearTimeout(guard);
        resolve(entry.url);
      }
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server process has no pid');
  return {
    url,
    pid,
    child,
    logs,
    stderr: () => stderr,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resident set size and thread count of a process, from `/proc/<pid>/status`. */
export interface ProcessMemory {
  rssBytes: number;
  threads: number;
}

/** Reads VmRSS and Threads of `pid` (Linux). */
export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1]);
  if (!Number.isFinite(rssKb) || !Number.isFinite(threads)) throw new Error(`unreadable /proc/${pid}/status`);
  return { rssBytes: rssKb * 1024, threads };
}

/** Polls `url/ready` until it answers 200. */
export async function waitReady(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const response = await fetch(`${url}/ready`, { headers }).catch(() => undefined);
    if (response?.status === 200) return;
    await response?.text();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} never became ready`);
}
