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
 * Picks the next batch from a FIFO queue: the longest prefix of the waiting rows (oldest request
 * first, rows in input order) whose row count stays within `maxBatchSize` and whose padded cost
 * (longest row × rows) stays within `maxBatchTokens`. The first row is always taken, even when it
 * alone is over the token bound, so every request makes progress. Taking a prefix keeps the queue
 * fair: no request is overtaken by a later one.
 *
 * @example
 * const slices = formBatch([{ tokenCounts: [5, 9], next: 0 }], { maxBatchSize: 32, maxBatchTokens: 4096 });
 * // [{ entry: 0, start: 0, end: 2 }]
 */
export function formBatch(queue: readonly QueuedRows[], limits: BatchLimits): BatchSlice[] {
  const slices: BatchSlice[] = [];
  let rows = 0;
  let longest = 0;
  for (let entry = 0; entry < queue.length; entry++) {
    const queued = queue[entry];
    if (!queued) continue;
    let end = queued.next;
    let full = false;
    while (end < queued.tokenCounts.length) {
      const length = queued.tokenCounts[end] ?? 0;
      const nextLongest = Math.max(longest, length);
      const fits = rows + 1 <= limits.maxBatchSize && nextLongest * (rows + 1) <= limits.maxBatchTokens;
      if (rows > 0 && !fits) {
        full = true;
        break;
      }
      rows += 1;
      longest = nextLongest;
      end += 1;
    }
    if (end > queued.next) slices.push({ entry, start: queued.next, end });
    if (full) break;
  }
  return slices;
}
