import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BatchLimits,
  type BatchPick,
  type BatchWindow,
  balancedCuts,
  cheapestCuts,
  formBatches,
  type QueuedRows,
} from './formBatch.js';

/** The next batch, with no idle replica to share it among. */
const formBatch = (queue: readonly QueuedRows[], limits: BatchLimits, window: BatchWindow): BatchPick[] =>
  formBatches(queue, limits, window, 1)[0] ?? [];

/** Calls cost far more than padding: batches are cut only by the bounds. */
const whole: BatchLimits = { maxBatchSize: 4, maxBatchTokens: 100, batchOverheadTokens: 10_000 };
const everywhere = { rows: 128, entries: 128 };

const single = (...lengths: number[]): QueuedRows[] =>
  lengths.map((length) => ({ tokenCounts: [length], next: 0 }));

describe('formBatch', () => {
  it('takes every waiting row when they fit and a call costs more than padding', () => {
    const queue: QueuedRows[] = [
      { tokenCounts: [7, 5], next: 0 },
      { tokenCounts: [3], next: 0 },
    ];
    expect(formBatch(queue, whole, everywhere)).toEqual([
      { entry: 0, rows: [0, 1] },
      { entry: 1, rows: [0] },
    ]);
  });

  it('stops at maxBatchSize rows, splitting a request across batches', () => {
    const queue: QueuedRows[] = [{ tokenCounts: [1, 1, 1, 1, 1, 1], next: 1 }];
    expect(formBatch(queue, whole, everywhere)).toEqual([{ entry: 0, rows: [1, 2, 3, 4] }]);
  });

  it('keeps a batch within maxBatchTokens (longest x rows)', () => {
    // 40 x 3 = 120 > 100, so the two 40s go together and the 10s in another batch.
    const queue = single(10, 40, 10, 40);
    expect(formBatch(queue, whole, everywhere)).toEqual([
      { entry: 0, rows: [0] },
      { entry: 2, rows: [0] },
    ]);
  });

  it('always takes the first row, even when it alone is over the token bound', () => {
    expect(formBatch([{ tokenCounts: [500, 1], next: 0 }], whole, everywhere)).toEqual([
      { entry: 0, rows: [0] },
    ]);
  });

  it('returns nothing for an empty queue', () => {
    expect(formBatch([], whole, everywhere)).toEqual([]);
  });

  it('cuts by length when the padding saved outweighs a call, the oldest request first', () => {
    const limits = { maxBatchSize: 32, maxBatchTokens: 4096, batchOverheadTokens: 8 };
    // 40 + 6 + 2 x 8 = 62 padded tokens beats 2 x 40 + 8 = 88.
    expect(formBatch(single(40, 6), limits, everywhere)).toEqual([{ entry: 0, rows: [0] }]);
    // Short texts go together, without the long ones that arrived in between.
    expect(formBatch(single(6, 40, 7, 41, 5), limits, everywhere)).toEqual([
      { entry: 0, rows: [0] },
      { entry: 2, rows: [0] },
      { entry: 4, rows: [0] },
    ]);
    // With a costly call they all go at once.
    expect(
      formBatch(single(6, 40, 7, 41, 5), { ...limits, batchOverheadTokens: 1000 }, everywhere),
    ).toHaveLength(5);
  });

  it('looks at one request only when batching is off, and no further than the window', () => {
    const queue = single(6, 6, 6);
    expect(formBatch(queue, whole, { rows: 128, entries: 1 })).toEqual([{ entry: 0, rows: [0] }]);
    expect(formBatch(queue, whole, { rows: 2, entries: 128 })).toEqual([
      { entry: 0, rows: [0] },
      { entry: 1, rows: [0] },
    ]);
  });

  it('skips rows already dispatched out of order', () => {
    const queue: QueuedRows[] = [
      { tokenCounts: [9, 8, 7, 6], next: 1, dispatched: Uint8Array.of(1, 0, 1, 0) },
    ];
    expect(formBatch(queue, whole, everywhere)).toEqual([{ entry: 0, rows: [1, 3] }]);
  });

  it('gives every waiting row to exactly one batch within the bounds, the oldest first (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 12 }),
        (requests, maxBatchSize, maxBatchTokens, batchOverheadTokens, windowRows) => {
          const limits = { maxBatchSize, maxBatchTokens, batchOverheadTokens };
          const queue = requests.map((counts) => ({
            tokenCounts: [...counts].sort((a, b) => b - a),
            next: 0,
            dispatched: new Uint8Array(counts.length),
          }));
          let total = 0;
          while (queue.length > 0) {
            const picks = formBatch(queue, limits, { rows: windowRows, entries: 128 });
            const oldest = queue[0] as (typeof queue)[number];
            expect(picks[0]?.entry).toBe(0);
            expect(picks[0]?.rows).toContain(oldest.next);
            const lengths = picks.flatMap((pick) =>
              pick.rows.map((row) => queue[pick.entry]?.tokenCounts[row] ?? 0),
            );
            expect(lengths.length).toBeLessThanOrEqual(maxBatchSize);
            if (lengths.length > 1)
              expect(Math.max(...lengths) * lengths.length).toBeLessThanOrEqual(maxBatchTokens);
            total += lengths.length;
            for (const pick of picks) {
              const entry = queue[pick.entry] as (typeof queue)[number];
              for (const row of pick.rows) {
                expect(entry.dispatched[row]).toBe(0);
                entry.dispatched[row] = 1;
              }
              while (entry.next < entry.tokenCounts.length && entry.dispatched[entry.next]) entry.next += 1;
            }
            for (let i = queue.length - 1; i >= 0; i--) {
              const entry = queue[i] as (typeof queue)[number];
              if (entry.next >= entry.tokenCounts.length) queue.splice(i, 1);
            }
          }
          expect(total).toBe(requests.flat().length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('cheapestCuts', () => {
  /** Every way to cut `lengths` (longest first) into consecutive batches, by brute force. */
  function bruteForce(lengths: readonly number[], limits: BatchLimits): number {
    let best = Number.POSITIVE_INFINITY;
    const count = lengths.length;
    for (let mask = 0; mask < 1 << Math.max(0, count - 1); mask++) {
      let cost = 0;
      let start = 0;
      let ok = true;
      for (let i = 1; i <= count; i++) {
        if (i === count || mask & (1 << (i - 1))) {
          const size = i - start;
          const padded = size * (lengths[start] as number);
          if (size > limits.maxBatchSize || (size > 1 && padded > limits.maxBatchTokens)) ok = false;
          cost += limits.batchOverheadTokens + padded;
          start = i;
        }
      }
      if (ok) best = Math.min(best, cost);
    }
    return best;
  }

  it('finds the cut of least cost, as brute force does (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 120 }),
        (raw, maxBatchSize, maxBatchTokens, batchOverheadTokens) => {
          const lengths = [...raw].sort((a, b) => b - a);
          const limits = { maxBatchSize, maxBatchTokens, batchOverheadTokens };
          const cuts = cheapestCuts(lengths, limits);
          expect(cuts[0]).toBe(0);
          expect(cuts.at(-1)).toBe(lengths.length);
          let cost = 0;
          for (let k = 1; k < cuts.length; k++) {
            const start = cuts[k - 1] as number;
            const size = (cuts[k] as number) - start;
            expect(size).toBeGreaterThan(0);
            expect(size).toBeLessThanOrEqual(maxBatchSize);
            cost += batchOverheadTokens + size * (lengths[start] as number);
          }
          expect(cost).toBe(bruteForce(lengths, limits));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('balancedCuts', () => {
  /** Least (costliest run + overhead per added run) over every cut into at most `parts` runs. */
  function bruteForce(lengths: readonly number[], parts: number, overhead: number): number {
    let best = Number.POSITIVE_INFINITY;
    const count = lengths.length;
    for (let mask = 0; mask < 2 ** (count - 1); mask++) {
      const starts = [0];
      for (let i = 1; i < count; i++) if (mask & (1 << (i - 1))) starts.push(i);
      if (starts.length > parts) continue;
      let worst = 0;
      for (let k = 0; k < starts.length; k++) {
        const start = starts[k] as number;
        const end = starts[k + 1] ?? count;
        worst = Math.max(worst, overhead + (end - start) * (lengths[start] as number));
      }
      best = Math.min(best, worst + (starts.length - 1) * overhead);
    }
    return best;
  }

  it('shares a costly batch among the parts, and keeps one whole when a call costs what a cut saves', () => {
    expect(balancedCuts([100, 100, 100, 100], 2, 32)).toEqual([0, 2, 4]);
    expect(balancedCuts([100, 100, 100, 100], 4, 32)).toEqual([0, 1, 2, 3, 4]);
    // 32 + 64 = 96 whole; 32 + 32 = 64 per half, plus 32 for the added call: no better, so whole.
    expect(balancedCuts([16, 16, 16, 16], 2, 32)).toEqual([0, 4]);
    expect(balancedCuts([2, 2, 2, 2], 4, 1000)).toEqual([0, 4]);
    // A single row, or one part, stays whole.
    expect(balancedCuts([400], 4, 32)).toEqual([0, 1]);
    expect(balancedCuts([400, 400, 8], 1, 32)).toEqual([0, 3]);
    expect(balancedCuts([], 3, 32)).toEqual([0]);
  });

  it('gives the long rows smaller runs', () => {
    // 100 alone costs 110 and the three 30s together 100, better than two and two (210).
    expect(balancedCuts([100, 30, 30, 30], 2, 10)).toEqual([0, 1, 4]);
  });

  it('finds the least cost, as brute force does, in no more runs than allowed (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 120 }),
        (raw, parts, overhead) => {
          const lengths = [...raw].sort((a, b) => b - a);
          const cuts = balancedCuts(lengths, parts, overhead);
          expect(cuts[0]).toBe(0);
          expect(cuts.at(-1)).toBe(lengths.length);
          expect(cuts.length - 1).toBeLessThanOrEqual(parts);
          let worst = 0;
          for (let k = 1; k < cuts.length; k++) {
            const start = cuts[k - 1] as number;
            const size = (cuts[k] as number) - start;
            expect(size).toBeGreaterThan(0);
            worst = Math.max(worst, overhead + size * (lengths[start] as number));
          }
          expect(worst + (cuts.length - 2) * overhead).toBe(bruteForce(lengths, parts, overhead));
        },
      ),
      { numRuns: 400 },
    );
  });
});
