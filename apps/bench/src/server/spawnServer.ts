import { fileURLToPath } from 'node:url';
import { freePort, type ReadyProcess, spawnReadyProcess } from './spawnReadyProcess.js';

const SERVER_MAIN = fileURLToPath(new URL('../../../server/src/main.ts', import.meta.url));
const READY_TIMEOUT_MS = 180_000;

/** How to start `apps/server`. */
export interface SpawnServerOptions {
  model: string;
  batching: boolean;
  threads: number;
  /** More server flags, e.g. `--replicas=2`, appended as given. */
  extraArgs?: readonly string[];
}

/**
 * Starts `apps/server` from source in a child process (`--batching on|off`, the run's thread
 * count, the model as default, warn-level logs, the env of `pnpm start`) on a free loopback port,
 * and waits until `/ready` says the model is loaded.
 *
 * @example
 * const server = await spawnServer({ model: 'all-minilm-l6-v2', batching: true, threads: 2 });
 */
export async function spawnServer(options: SpawnServerOptions): Promise<ReadyProcess> {
  const port = await freePort();
  return spawnReadyProcess({
    command: process.execPath,
    args: [...serverArgs(options, port)],
    // As `pnpm start` runs it (see docs/decisions.md).
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072' },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/ready',
    timeoutMs: READY_TIMEOUT_MS,
  });
}

/** The node command line that runs `apps/server` from source. */
export function serverArgs(options: SpawnServerOptions, port: number): string[] {
  return [
    '--conditions=@akidb/source',
    '--import',
    import.meta.resolve('tsx'),
    SERVER_MAIN,
    `--port=${port}`,
    '--host=127.0.0.1',
    `--default-model=${options.model}`,
    // The same cores as every contender; the server plans its replicas x threads within them.
    `--cores=${options.threads}`,
    `--batching=${options.batching ? 'on' : 'off'}`,
    '--log-level=warn',
    ...(options.extraArgs ?? []),
  ];
}
