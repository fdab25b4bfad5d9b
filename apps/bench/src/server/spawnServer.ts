import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SERVER_MAIN = fileURLToPath(new URL('../../../server/src/main.ts', import.meta.url));
const READY_TIMEOUT_MS = 180_000;

/** How to start `apps/server`. */
export interface SpawnServerOptions {
  model: string;
  batching: boolean;
  threads: number;
}

/** A server child process on a loopback port. */
export interface SpawnedServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `apps/server` from source in a child process (`--batching on|off`, the run's thread
 * count, the model as default) and waits until `/ready` says the model is loaded.
 *
 * @example
 * const server = await spawnServer({ model: 'all-minilm-l6-v2', batching: true, threads: 2 });
 */
export async function spawnServer(options: SpawnServerOptions): Promise<SpawnedServer> {
  const port = await freePort();
  const args = [
    '--conditions=@akidb/source',
    '--import',
    import.meta.resolve('tsx'),
    SERVER_MAIN,
    `--port=${port}`,
    '--host=127.0.0.1',
    `--default-model=${options.model}`,
    `--threads=${options.threads}`,
    `--batching=${options.batching ? 'on' : 'off'}`,
    '--log-level=warn',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = (): Promise<void> => stopChild(child);
  try {
    await waitReady(url, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr().trim()}`);
    const status = await fetch(`${url}/ready`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server not ready after ${READY_TIMEOUT_MS / 1000}s: ${stderr().trim()}`);
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

/** A TCP port that was free a moment ago. */
function freePort(): Promise<number> {
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
