import { forkRpc } from '../measure/childRpc.js';
import type { BenchModel } from '../models.js';
import type { ContenderId, ThreadSettings } from '../peers/contender.js';
import type { CacheTiming, Footprint } from '../report/reportTypes.js';
import type { FootprintInput, FootprintOutput } from './footprintChild.js';

/** Contenders whose footprint can be probed in a fresh process (fastembed reports its own load). */
const PROBED: readonly ContenderId[] = ['ours', 'bareOrt', 'transformersJs'];

/** Footprints of each contender, and ours' service cache timing, each from a fresh process. */
export interface FootprintResults {
  footprints: Footprint[];
  cache: CacheTiming | null;
  errors: string[];
}

/**
 * Cold load, peak RSS (running the heaviest batch `reps` times) and reload time of ours and each
 * timed peer, one fresh child process each, one after the other.
 *
 * @example
 * const { footprints, cache } = await runFootprints(model, ['ours', 'bareOrt'], threads, texts, home, false);
 */
export async function runFootprints(
  model: BenchModel,
  contenders: readonly ContenderId[],
  threads: ThreadSettings,
  heaviest: string[],
  home: string,
  options: { quick: boolean; oursRunIn: 'worker' | 'main' | null },
  onProbe: (label: string) => void,
): Promise<FootprintResults> {
  const results: FootprintResults = { footprints: [], cache: null, errors: [] };
  for (const contender of contenders.filter((id) => PROBED.includes(id))) {
    const child = forkRpc(new URL('./footprintChild.ts', import.meta.url));
    const input: FootprintInput = {
      contender,
      model,
      threads,
      oursRunIn: options.oursRunIn,
      texts: heaviest,
      reps: options.quick ? 1 : 3,
      reloads: options.quick ? 1 : 3,
      home,
      cacheHits: options.quick ? 50 : 500,
    };
    try {
      const output = await child.call<FootprintOutput>('measure', input);
      results.footprints.push(output.footprint);
      if (output.cache) results.cache = output.cache;
    } catch (error) {
      results.errors.push(
        `${contender} footprint: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      await child.close();
    }
    onProbe(`footprint ${contender}`);
  }
  return results;
}
