import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

/** A server process the bench started, ready to take requests. */
export interface ReadyProcess {
  url: string;
  pid: number;
  /** Seconds from spawn to the first 200 from the ready route. */
  startupS: number;
  /** Lines the process wrote to stderr that start with `prefix` (see {@link SpawnReadyOptions}). */
  reported(): string[];
  stop(): Promise<void>;
}

/** How to start a server and tell when it is ready. */
export interface SpawnReadyOptions {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Origin the server will listen on, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Route that answers 200 once the model is loaded. */
  readyPath: string;
  timeoutMs: number;
  /** stderr lines starting with this are kept for {@link ReadyProcess.reported}. */
  reportPrefix?: string;
}

/**
 * Spawns a server process and polls its ready route until it answers 200. Throws (after stopping
 * it) when the process exits first or the timeout passes, with the end of its stderr.
 *
 * @example
 * const server = await spawnReadyProcess({ command: process.execPath, args, url, readyPath: '/ready',
 *   timeoutMs: 180_000 });
 */
export async function spawnReadyProcess(options: SpawnReadyOptions): Promise<ReadyProcess> {
  const started = performance.now();
  const child = spawn(options.command, [...options.args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: options.env ?? process.env,
  });
  let stderr = '';
  let partial = '';
  const reported: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-6000);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    const prefix = options.reportPrefix;
    if (prefix)
      for (const line of lines) if (line.startsWith(prefix)) reported.push(line.slice(prefix.length).trim());
  });
  const stop = (): Promise<void> => stopChild(child);
  try {
    await waitReady(`${options.url}${options.readyPath}`, child, options.timeoutMs, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: options.url,
    pid: child.pid as number,
    startupS: (performance.now() - started) / 1000,
    reported: () => [...reported],
    stop,
  };
}

async function waitReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`exited with ${child.exitCode ?? child.signalCode}: ${stderr().trim().slice(-2000)}`);
    const status = await fetch(url).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not ready after ${timeoutMs / 1000}s: ${stderr().trim().slice(-2000)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
