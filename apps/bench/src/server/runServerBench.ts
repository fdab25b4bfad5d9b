import type { BenchOptions } from '../args.js';
import type { Progress } from '../progress.js';
import type { ServerLevel, ServerReport } from '../report/reportTypes.js';
import { driveLevel } from './loadGen.js';
import { spawnServer } from './spawnServer.js';

const WARMUP_S = 1;

/** Progress units of server mode. */
export function serverUnits(options: BenchOptions): number {
  if (!options.server) return 0;
  return (options.url ? 1 : 2) * options.concurrency.length;
}

/**
 * Server mode: starts `apps/server` with dynamic batching on, then off (or drives `--url` as it is),
 * and runs each concurrency level against it after a short warm-up. Server throughput is also
 * given as a fraction of ours in-process on the same corpus (`inProcessTextsPerSecond`).
 *
 * @example
 * const report = await runServerBench(options, 'all-minilm-l6-v2', corpus, 310, progress);
 */
export async function runServerBench(
  options: BenchOptions,
  model: string,
  corpus: readonly string[],
  inProcessTextsPerSecond: number | null,
  progress: Progress,
): Promise<ServerReport> {
  const modes: ServerReport['modes'] = [];
  const runLevels = async (url: string, label: string): Promise<ServerLevel[]> => {
    await driveLevel({ url, model, texts: corpus, concurrency: 8, durationS: WARMUP_S });
    const levels: ServerLevel[] = [];
    for (const concurrency of options.concurrency) {
      progress.status(`server ${label} · ${concurrency} clients`);
      const level = await driveLevel({
        url,
        model,
        texts: corpus,
        concurrency,
        durationS: options.durationS,
      });
      const fraction = inProcessTextsPerSecond ? level.textsPerSecond / inProcessTextsPerSecond : null;
      levels.push({ ...level, fractionOfInProcess: fraction });
      progress.advance(1, `server ${label} · ${concurrency} clients done`);
    }
    return levels;
  };
  if (options.url) {
    modes.push({ batching: null, levels: await runLevels(options.url.replace(/\/$/, ''), 'url') });
    return { target: 'url', model, inProcessTextsPerSecond, modes };
  }
  for (const batching of [true, false]) {
    const label = batching ? 'batching on' : 'batching off';
    progress.status(`server ${label} · starting`);
    const server = await spawnServer({ model, batching, threads: options.intraOpNumThreads });
    try {
      modes.push({ batching, levels: await runLevels(server.url, label) });
    } finally {
      await server.stop();
    }
  }
  return { target: 'spawned', model, inProcessTextsPerSecond, modes };
}
