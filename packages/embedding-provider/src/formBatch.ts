/** A request's rows still waiting in a model's queue. */
export interface QueuedRows {
  /** Token count of every row of the request (the scheduler sorts them longest first). */
  readonly tokenCounts: readonly number[];
  /** The first row not yet dispatched. */
  readonly next: number;
  /** Rows after `next` already dispatched (non-zero), when batches took them out of order. */
  readonly dispatched?: Uint8Array | undefined;
}

/** Bounds on one inference call, and what a call costs beyond its tokens. */
export interface BatchLimits {
  /** Most rows in one batch. */
  readonly maxBatchSize: number;
  /** Most padded tokens (longest row × rows) in one batch. */
  readonly maxBatchTokens: number;
  /**
   * The fixed cost of one inference call, in padded tokens: a batch of `n` rows padded to `L` costs
   * `batchOverheadTokens + n × L`. Splitting a batch saves padding but pays this once more.
   */
  readonly batchOverheadTokens: number;
}

/** Where the next batch's rows are looked for. */
export interface BatchWindow {
  /** Most waiting rows considered (oldest requests first). */
  readonly rows: number;
  /** Most requests considered; 1 keeps a batch to one request (batching off). */
  readonly entries: number;
}

/** Rows (indices into `tokenCounts`, ascending) of the queue entry at `entry`. */
export interface BatchPick {
  readonly entry: number;
  readonly rows: number[];
}

interface Candidate {
  readonly entry: number;
  readonly row: number;
  readonly length: number;
}

/**
 * The waiting rows of the first requests, up to the window, longest first (then oldest first), and
 * whether the window reached every request in the queue.
 */
function candidates(
  queue: readonly QueuedRows[],
  window: BatchWindow,
): { rows: Candidate[]; everyRequest: boolean } {
  const found: Candidate[] = [];
  const entries = Math.min(queue.length, Math.max(1, window.entries));
  let entry = 0;
  for (; entry < entries && found.length < window.rows; entry++) {
    const queued = queue[entry] as QueuedRows;
    for (let row = queued.next; row < queued.tokenCounts.length && found.length < window.rows; row++) {
      if (queued.dispatched?.[row]) continue;
      found.push({ entry, row, length: queued.tokenCounts[row] ?? 0 });
    }
  }
  found.sort((a, b) => b.length - a.length || a.entry - b.entry || a.row - b.row);
  return { rows: found, everyRequest: entry === queue.length };
}

/** Rows (a run of the sorted candidates) as one batch's picks, oldest request first. */
function picksOf(rows: readonly Candidate[]): BatchPick[] {
  const byEntry = new Map<number, number[]>();
  for (const row of rows) {
    const taken = byEntry.get(row.entry);
    if (taken) taken.push(row.row);
    else byEntry.set(row.entry, [row.row]);
  }
  return [...byEntry.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([entry, taken]) => ({ entry, rows: taken.sort((a, b) => a - b) }));
}

/**
 * Cuts rows sorted longest first into consecutive batches of least total cost (`overhead + rows ×
 * longest` each) within the row and token bounds; a single row may exceed the token bound. Returns
 * the start index of each batch and the end of the last (dynamic programming, O(rows × maxBatchSize)).
 */
export function cheapestCuts(lengths: readonly number[], limits: BatchLimits): number[] {
  const count = lengths.length;
  const best = new Float64Array(count + 1).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(count + 1);
  best[0] = 0;
  for (let end = 1; end <= count; end++) {
    for (let size = 1; size <= Math.min(limits.maxBatchSize, end); size++) {
      const start = end - size;
      const padded = size * (lengths[start] as number);
      if (size > 1 && padded > limits.maxBatchTokens) break;
      const cost = (best[start] as number) + limits.batchOverheadTokens + padded;
      if (cost < (best[end] as number)) {
        best[end] = cost;
        from[end] = start;
      }
    }
  }
  const cuts = [count];
  for (let end = count; end > 0; end = from[end] as number) cuts.unshift(from[end] as number);
  return cuts;
}

/**
 * Cuts one batch's rows, sorted longest first, into at most `parts` consecutive runs, to share it among
 * idle replicas so that it ends sooner: the cut minimises the costliest run (`overhead + rows × longest`)
 * plus `overhead` for every run added, so a cut is taken only when it saves more than the call it adds
 * (fewer runs win ties). Returns the start of each run and the end of the last, like {@link cheapestCuts}.
 *
 * @example
 * balancedCuts([100, 100, 100, 100], 2, 32); // [0, 2, 4]: two runs of 232 (+ 32) instead of one of 432
 */
export function balancedCuts(lengths: readonly number[], parts: number, overhead: number): number[] {
  const count = lengths.length;
  if (count === 0) return [0];
  const most = Math.max(1, Math.min(parts, count));
  const cost = (start: number, end: number): number => overhead + (end - start) * (lengths[start] ?? 0);
  // worst[p][end]: the least costliest run over rows [0, end) cut into exactly p + 1 runs.
  const worst: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let p = 0; p < most; p++) {
    worst.push(new Float64Array(count + 1).fill(Number.POSITIVE_INFINITY));
    from.push(new Int32Array(count + 1));
  }
  const first = worst[0] as Float64Array;
  for (let end = 1; end <= count; end++) first[end] = cost(0, end);
  for (let p = 1; p < most; p++) {
    const row = worst[p] as Float64Array;
    const prev = worst[p - 1] as Float64Array;
    const back = from[p] as Int32Array;
    for (let end = p + 1; end <= count; end++) {
      for (let start = p; start < end; start++) {
        const candidate = Math.max(prev[start] as number, cost(start, end));
        if (candidate < (row[end] as number)) {
          row[end] = candidate;
          back[end] = start;
        }
      }
    }
  }
  let runs = 0;
  for (let p = 1; p < most; p++) {
    const total = ((worst[p] as Float64Array)[count] as number) + p * overhead;
    if (total < ((worst[runs] as Float64Array)[count] as number) + runs * overhead) runs = p;
  }
  const cuts = [count];
  for (let p = runs, end = count; p >= 1; p--) {
    end = (from[p] as Int32Array)[end] as number;
    cuts.unshift(end);
  }
  cuts.unshift(0);
  return cuts;
}

/**
 * Picks the next batch. The waiting rows of the oldest requests (up to `window`) are sorted by length
 * and cut into the batches of least total cost, where a batch costs `batchOverheadTokens` plus its
 * padded tokens (rows × longest row), within `maxBatchSize` rows and `maxBatchTokens` padded tokens.
 * The batch picked is the one holding the oldest request's next row, so the oldest request always
 * makes progress and none waits for ever; the rest wait for the next free slot, when newly arrived
 * requests may join them.
 *
 * When the batch takes every waiting row and `idleReplicas` replicas have nothing to run, it is shared
 * among them ({@link balancedCuts}), so that it ends sooner; otherwise one batch is returned (none for an
 * empty queue).
 *
 * One batch of every waiting row pads each to the longest: 32 single-sentence requests (STS-B) pad to
 * 2.5× their tokens. Cut by length they pay far less padding for a few more calls (docs/decisions.md).
 *
 * @example
 * const [picks] = formBatches([{ tokenCounts: [40], next: 0 }, { tokenCounts: [6], next: 0 }],
 *   { maxBatchSize: 32, maxBatchTokens: 4096, batchOverheadTokens: 8 }, { rows: 128, entries: 128 }, 1);
 * // [{ entry: 0, rows: [0] }]: 40 + 6 + 2 × 8 = 62 padded tokens beats 2 × 40 + 8 = 88
 */
export function formBatches(
  queue: readonly QueuedRows[],
  limits: BatchLimits,
  window: BatchWindow,
  idleReplicas: number,
): BatchPick[][] {
  const { rows, everyRequest } = candidates(queue, window);
  if (rows.length === 0) return [];
  const cuts = cheapestCuts(
    rows.map((row) => row.length),
    limits,
  );
  const oldest = queue[0] as QueuedRows;
  const anchor = rows.findIndex((row) => row.entry === 0 && row.row === oldest.next);
  let start = 0;
  let end = rows.length;
  for (let k = 1; k < cuts.length; k++) {
    if ((cuts[k] as number) > anchor) {
      start = cuts[k - 1] as number;
      end = cuts[k] as number;
      break;
    }
  }
  const batch = rows.slice(start, end);
  if (idleReplicas < 2 || !everyRequest || batch.length < rows.length) return [picksOf(batch)];
  const shares = balancedCuts(
    batch.map((row) => row.length),
    idleReplicas,
    limits.batchOverheadTokens,
  );
  return shares.slice(1).map((shareEnd, k) => picksOf(batch.slice(shares[k], shareEnd)));
}
