import type { Entrant, RepetitionPolicy } from '../measure/interleave.js';
import { interleave } from '../measure/interleave.js';
import type { BareOrtContender } from '../peers/bareOrt.js';
import { paddingStats, planFeed } from '../peers/batching.js';
import type { Contender } from '../peers/contender.js';
import type { OursContender } from '../peers/ours.js';
import type { MixedFeed, MixedResult } from '../report/reportTypes.js';
import { oursOver, oursOverRange, toContenderResult } from './toResult.js';

/**
 * The mixed-length corpus in arrival order: ours gets it in one call (it sorts by length and
 * batches by 32 inside); bare ORT is fed batches of 32 in arrival order (naive) and length-sorted,
 * tensors built ahead; the other peers get arrival-order batches of 32, as their users would.
 *
 * @example
 * const mixed = await runMixed(corpus, tokenCounts, ours, bareOrt, otherPeers, policy);
 */
export async function runMixed(
  corpus: readonly string[],
  tokenCounts: readonly number[],
  ours: OursContender,
  bareOrt: BareOrtContender | undefined,
  others: readonly Contender[],
  policy: RepetitionPolicy,
): Promise<MixedResult> {
  const entrants: Entrant[] = [{ id: 'ours', job: await ours.corpusJob(corpus) }];
  if (bareOrt) {
    entrants.push({ id: 'bareOrtNaive', job: bareOrt.feedJob(corpus, 'arrival') });
    entrants.push({ id: 'bareOrtSorted', job: bareOrt.feedJob(corpus, 'length') });
  }
  for (const peer of others) entrants.push({ id: peer.id, job: await peer.corpusJob(corpus) });
  const samples = await interleave(entrants, policy);
  const naive = paddingStats(tokenCounts, planFeed(tokenCounts, 32, 'arrival'));
  const sorted = paddingStats(tokenCounts, planFeed(tokenCounts, 32, 'length'));
  const results: MixedResult['results'] = {};
  for (const [id, times] of samples) {
    results[id as MixedFeed] = toContenderResult(times, corpus.length, naive.realTokens);
  }
  return {
    texts: corpus.length,
    realTokens: naive.realTokens,
    naivePaddingFraction: naive.paddingFraction,
    sortedPaddingFraction: sorted.paddingFraction,
    results,
    oursOverBareNaive: oursOver(samples, 'bareOrtNaive'),
    oursOverBareSorted: oursOver(samples, 'bareOrtSorted'),
    sortedOverNaive: oursOver(samples, 'bareOrtNaive', 'bareOrtSorted'),
    oursOverTransformersJs: oursOver(samples, 'transformersJs'),
    oursOverBareNaiveRange: oursOverRange(samples, 'bareOrtNaive'),
    oursOverTransformersJsRange: oursOverRange(samples, 'transformersJs'),
  };
}
