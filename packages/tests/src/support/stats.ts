/** The `p`-th percentile (0–100) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** `p50/p95/p99/max` of `values` in ms, rounded, for a figures line. */
export function latencySummary(values: readonly number[]): string {
  const f = (v: number): string => (Number.isNaN(v) ? '-' : String(Math.round(v)));
  return `p50 ${f(percentile(values, 50))} / p95 ${f(percentile(values, 95))} / p99 ${f(percentile(values, 99))} / max ${f(Math.max(...values))} ms`;
}
