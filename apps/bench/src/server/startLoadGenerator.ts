import { forkRpc } from '../measure/childRpc.js';
import type { DriveInput, DriveResult } from './driveLoad.js';

/** The load generator, running in its own Node process. */
export interface LoadGenerator {
  drive(input: DriveInput): Promise<DriveResult>;
  close(): Promise<void>;
}

/**
 * Forks the load generator process (`loadGeneratorChild.ts`). The parent only orchestrates: it
 * sends one level at a time and gets back counts, latencies and CPU seconds.
 *
 * @example
 * const generator = startLoadGenerator();
 * const result = await generator.drive({ url, path: '/v1/embeddings', model, texts, clients: 8,
 *   textsPerRequest: 1, warmupS: 2, durationS: 10, serverPid: server.pid, timeoutMs: 30_000 });
 * await generator.close();
 */
export function startLoadGenerator(): LoadGenerator {
  const child = forkRpc(new URL('./loadGeneratorChild.ts', import.meta.url));
  return {
    drive: (input) => child.call<DriveResult>('drive', input),
    close: () => child.close(),
  };
}
