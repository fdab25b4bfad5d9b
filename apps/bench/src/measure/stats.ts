/** Latency summary of one contender on one workload, in milliseconds. */
export interface LatencySummary {
  samples: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
}

/**
 * The `q` quantile (0..1) of `values`, interpolating linearly between the two nearest ranks
 * (the R-7 / NumPy default). Throws on an empty list.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile() of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lowValue = sorted[low] as number;
  const highValue = sorted[high] as number;
  return lowValue + (highValue - lowValue) * (position - low);
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** p50/p95/p99, mean, min and max of latency samples. */
export function summarize(samplesMs: readonly number[]): LatencySummary {
  let sum = 0;
  for (const value of samplesMs) sum += value;
  return {
    samples: samplesMs.length,
    meanMs: sum / samplesMs.length,
    p50Ms: quantile(samplesMs, 0.5),
    p95Ms: quantile(samplesMs, 0.95),
    p99Ms: quantile(samplesMs, 0.99),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
  };
}

/**
 * Median over rounds of `numerator[i] / denominator[i]`. Both lists were measured interleaved,
 * round by round, so each ratio compares runs that saw the same background load.
 *
 * @example
 * pairedRatio(bareMs, oursMs); // ours' throughput as a fraction of bare ORT's
 */
export function pairedRatio(numerator: readonly number[], denominator: readonly number[]): number {
  return median(pairedRatios(numerator, denominator));
}

/** The per-round ratios `numerator[i] / denominator[i]` behind {@link pairedRatio}. */
export function pairedRatios(numerator: readonly number[], denominator: readonly number[]): number[] {
  const rounds = Math.min(numerator.length, denominator.length);
  if (rounds === 0) throw new Error('pairedRatio() needs at least one round');
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) ratios.push((numerator[i] as number) / (denominator[i] as number));
  return ratios;
}
