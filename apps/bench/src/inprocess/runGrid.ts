import type { LengthPool } from '../corpus/lengthPools.js';
import type { Entrant, RepetitionPolicy } from '../measure/interleave.js';
import { interleave } from '../measure/interleave.js';
import type { Contender, ContenderId } from '../peers/contender.js';
import type { GridCell } from '../report/reportTypes.js';
import { oursOver, oursOverRange, toContenderResult } from './toResult.js';

/**
 * The latency grid: for each text length and batch size, ours and every timed peer embed the same
 * texts in one call, interleaved round by round.
 *
 * @example
 * const cells = await runGrid([ours, ...peers], pools, [1, 8, 32], policy, onCell);
 */
export async function runGrid(
  contenders: readonly Contender[],
  pools: readonly LengthPool[],
  batchSizes: readonly number[],
  policy: RepetitionPolicy,
  onCell: (label: string) => void,
): Promise<GridCell[]> {
  const cells: GridCell[] = [];
  for (const pool of pools) {
    for (const batchSize of batchSizes) {
      const indices = Array.from({ length: batchSize }, (_, i) => i % pool.texts.length);
      const texts = indices.map((i) => pool.texts[i] as string);
      const tokens = indices.reduce((sum, i) => sum + (pool.tokenCounts[i] as number), 0);
      const entrants: Entrant[] = [];
      for (const contender of contenders)
        entrants.push({ id: contender.id, job: await contender.batchJob(texts) });
      const samples = await interleave(entrants, policy);
      const results: GridCell['results'] = {};
      for (const [id, times] of samples)
        results[id as ContenderId] = toContenderResult(times, batchSize, tokens);
      cells.push({
        length: pool.length,
        batchSize,
        meanTokens: tokens / batchSize,
        results,
        oursOverBareOrt: oursOver(samples, 'bareOrt'),
        oursOverTransformersJs: oursOver(samples, 'transformersJs'),
        oursOverBareOrtRange: oursOverRange(samples, 'bareOrt'),
        oursOverTransformersJsRange: oursOverRange(samples, 'transformersJs'),
      });
      onCell(`${pool.length} × ${batchSize}`);
    }
  }
  return cells;
}
