/** A request's rows still waiting in a model's queue. */
export interface QueuedRows {
  /** Token count of every row of the request, in input order. */
  readonly tokenCounts: readonly number[];
  /** The first row not yet dispatched. */
  readonly next: number;
}

/** Bounds on one inference call. */
export interface BatchLimits {
  /** Most rows in one batch. */
  readonly maxBatchSize: number;
  /** Most padded tokens (longest row × rows) in one batch. */
  readonly maxBatchTokens: number;
}

/** Rows `[start, end)` of the queue entry at `entry`. */
export interface BatchSlice {
  readonly entry: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Picks the next batch from a FIFO queue. With `window` 1 (the default) it is the longest prefix of the
 * waiting rows (oldest request first, rows in input order) whose row count stays within
 * `maxBatchSize` and whose padded cost (longest row × rows) stays within `maxBatchTokens`.
 *
 * With a larger `window`, the oldest request still goes first, and the rest of the batch is filled from
 * the next `window - 1` requests by length: those whose next row is closest to the batch's longest row
 * come first, so a batch of short texts is not padded to one long text that happened to arrive in
 * between (requests keep their own rows in order). Requests left out go in a later batch; the oldest
 * one always goes first, so none waits for ever.
 *
 * The first row is always taken, even when it alone is over the token bound, so every request makes
 * progress.
 *
 * @example
 * const slices = formBatch([{ tokenCounts: [5, 9], next: 0 }], { maxBatchSize: 32, maxBatchTokens: 4096 });
 * // [{ entry: 0, start: 0, end: 2 }]
 */
export function formBatch(queue: readonly QueuedRows[], limits: BatchLimits, window = 1): BatchSlice[] {
  const slices: BatchSlice[] = [];
  const state = { rows: 0, longest: 0 };
  const take = (entry: number): boolean => {
    const queued = queue[entry];
    if (!queued) return false;
    let end = queued.next;
    let full = false;
    while (end < queued.tokenCounts.length) {
      const length = queued.tokenCounts[end] ?? 0;
      const nextLongest = Math.max(state.longest, length);
      const fits =
        state.rows + 1 <= limits.maxBatchSize && nextLongest * (state.rows + 1) <= limits.maxBatchTokens;
      if (state.rows > 0 && !fits) {
        full = true;
        break;
      }
      state.rows += 1;
      state.longest = nextLongest;
      end += 1;
    }
    if (end > queued.next) slices.push({ entry, start: queued.next, end });
    return full;
  };
  if (window <= 1) {
    for (let entry = 0; entry < queue.length; entry++) if (take(entry)) break;
    return slices;
  }
  if (take(0)) return slices;
  const nextLength = (entry: number): number => {
    const queued = queue[entry];
    return queued ? (queued.tokenCounts[queued.next] ?? 0) : 0;
  };
  const target = state.longest;
  const others: number[] = [];
  for (let entry = 1; entry < Math.min(queue.length, window); entry++) others.push(entry);
  others.sort((a, b) => Math.abs(nextLength(a) - target) - Math.abs(nextLength(b) - target) || a - b);
  for (const entry of others) {
    if (state.rows >= limits.maxBatchSize) break;
    take(entry);
  }
  slices.sort((a, b) => a.entry - b.entry);
  return slices;
}
