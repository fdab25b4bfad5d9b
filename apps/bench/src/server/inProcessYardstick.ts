import { timed } from '../measure/interleave.js';
import { median } from '../measure/stats.js';
import type { BenchModel } from '../models.js';
import type { ThreadSettings } from '../peers/contender.js';
import { OursContender } from '../peers/ours.js';

/**
 * Ours in-process on the corpus (one call; batches of 32 inside), texts/s as the median of `reps`
 * runs after one warm-up: the yardstick for server throughput, taken right before server mode so
 * both see the same machine load.
 *
 * @example
 * const textsPerSecond = await inProcessTextsPerSecond(model, corpus, threads, null, 3);
 */
export async function inProcessTextsPerSecond(
  model: BenchModel,
  corpus: readonly string[],
  threads: ThreadSettings,
  runIn: 'worker' | 'main' | null,
  reps: number,
): Promise<number> {
  const ours = await OursContender.load(model.dir, threads, runIn);
  try {
    const job = timed(() => ours.provider.embed(corpus));
    await job();
    const times: number[] = [];
    for (let i = 0; i < reps; i++) times.push(await job());
    return corpus.length / (median(times) / 1000);
  } finally {
    await ours.dispose();
  }
}
