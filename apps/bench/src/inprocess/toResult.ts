import { pairedRatio, pairedRatios, quantile, summarize } from '../measure/stats.js';
import type { ContenderResult } from '../report/reportTypes.js';

/** Latency percentiles plus throughput, from the samples of one contender on one workload. */
export function toContenderResult(
  samplesMs: readonly number[],
  texts: number,
  tokens: number,
): ContenderResult {
  const summary = summarize(samplesMs);
  const seconds = summary.p50Ms / 1000;
  return { ...summary, textsPerSecond: texts / seconds, tokensPerSecond: tokens / seconds };
}

/**
 * Ours' throughput ÷ a peer's: the median over rounds of peer time ÷ our time (> 1: ours is faster).
 * `null` when either was not timed.
 */
export function oursOver(samples: ReadonlyMap<string, number[]>, peer: string, ours = 'ours'): number | null {
  const peerSamples = samples.get(peer);
  const ourSamples = samples.get(ours);
  if (!peerSamples?.length || !ourSamples?.length) return null;
  return pairedRatio(peerSamples, ourSamples);
}

/**
 * The interquartile range [p25, p75] of the per-round ratios behind {@link oursOver}: how much the
 * ratio moved from round to round (the run's noise). `null` when either was not timed.
 */
export function oursOverRange(
  samples: ReadonlyMap<string, number[]>,
  peer: string,
  ours = 'ours',
): [number, number] | null {
  const peerSamples = samples.get(peer);
  const ourSamples = samples.get(ours);
  if (!peerSamples?.length || !ourSamples?.length) return null;
  const ratios = pairedRatios(peerSamples, ourSamples);
  return [quantile(ratios, 0.25), quantile(ratios, 0.75)];
}
