import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formBatch, type QueuedRows } from './formBatch.js';

const limits = { maxBatchSize: 4, maxBatchTokens: 100 };

describe('formBatch', () => {
  it('takes every waiting row when they fit', () => {
    const queue: QueuedRows[] = [
      { tokenCounts: [5, 7], next: 0 },
      { tokenCounts: [3], next: 0 },
    ];
    expect(formBatch(queue, limits)).toEqual([
      { entry: 0, start: 0, end: 2 },
      { entry: 1, start: 0, end: 1 },
    ]);
  });

  it('stops at maxBatchSize rows, splitting a request across batches', () => {
    const queue: QueuedRows[] = [{ tokenCounts: [1, 1, 1, 1, 1, 1], next: 1 }];
    expect(formBatch(queue, limits)).toEqual([{ entry: 0, start: 1, end: 5 }]);
  });

  it('stops when the padded cost (longest x rows) would pass maxBatchTokens', () => {
    // 10 + 10 fits (2 x 10 = 20); a row of 40 makes 3 x 40 = 120 > 100.
    const queue: QueuedRows[] = [
      { tokenCounts: [10, 10], next: 0 },
      { tokenCounts: [40, 1], next: 0 },
    ];
    expect(formBatch(queue, limits)).toEqual([{ entry: 0, start: 0, end: 2 }]);
  });

  it('always takes the first row, even when it alone is over the token bound', () => {
    expect(formBatch([{ tokenCounts: [500, 1], next: 0 }], limits)).toEqual([{ entry: 0, start: 0, end: 1 }]);
  });

  it('returns nothing for an empty queue', () => {
    expect(formBatch([], limits)).toEqual([]);
  });

  it('takes a FIFO prefix within both bounds (property)', () => {
    const queueArb = fc.array(
      fc
        .array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 12 })
        .chain((tokenCounts) =>
          fc.integer({ min: 0, max: tokenCounts.length - 1 }).map((next) => ({ tokenCounts, next })),
        ),
      { maxLength: 8 },
    );
    const limitsArb = fc.record({
      maxBatchSize: fc.integer({ min: 1, max: 16 }),
      maxBatchTokens: fc.integer({ min: 1, max: 400 }),
    });
    fc.assert(
      fc.property(queueArb, limitsArb, (queue, bounds) => {
        const slices = formBatch(queue, bounds);
        const waiting = queue.flatMap((q, entry) =>
          q.tokenCounts.slice(q.next).map((length) => ({ entry, length })),
        );
        const taken = slices.flatMap((s) =>
          (queue[s.entry]?.tokenCounts.slice(s.start, s.end) ?? []).map((length) => ({
            entry: s.entry,
            length,
          })),
        );
        // A prefix of the waiting rows, in order.
        expect(taken).toEqual(waiting.slice(0, taken.length));
        if (waiting.length > 0) expect(taken.length).toBeGreaterThan(0);
        for (const s of slices) expect(s.start).toBe(queue[s.entry]?.next);
        expect(taken.length).toBeLessThanOrEqual(bounds.maxBatchSize);
        const longest = Math.max(0, ...taken.map((row) => row.length));
        if (taken.length > 1) expect(longest * taken.length).toBeLessThanOrEqual(bounds.maxBatchTokens);
        // Maximal: the next waiting row would break a bound.
        const nextRow = waiting[taken.length];
        if (nextRow) {
          const rows = taken.length + 1;
          const cost = Math.max(longest, nextRow.length) * rows;
          expect(rows > bounds.maxBatchSize || cost > bounds.maxBatchTokens).toBe(true);
        }
      }),
    );
  });
});

describe('formBatch with a window (length-aware)', () => {
  const wide = { maxBatchSize: 3, maxBatchTokens: 10_000 };

  it('always takes the oldest request, then the waiting ones closest to its length', () => {
    const queue: QueuedRows[] = [
      { tokenCounts: [10], next: 0 },
      { tokenCounts: [90], next: 0 },
      { tokenCounts: [12], next: 0 },
      { tokenCounts: [80], next: 0 },
      { tokenCounts: [9], next: 0 },
    ];
    expect(formBatch(queue, wide, 8)).toEqual([
      { entry: 0, start: 0, end: 1 },
      { entry: 2, start: 0, end: 1 },
      { entry: 4, start: 0, end: 1 },
    ]);
    // Without a window it is the FIFO prefix, padded to the 90-token row.
    expect(formBatch(queue, wide).map((slice) => slice.entry)).toEqual([0, 1, 2]);
  });

  it('looks no further than the window and keeps the token bound', () => {
    const queue: QueuedRows[] = [
      { tokenCounts: [40], next: 0 },
      { tokenCounts: [5], next: 0 },
      { tokenCounts: [41], next: 0 },
      { tokenCounts: [40], next: 0 },
    ];
    expect(formBatch(queue, wide, 2).map((slice) => slice.entry)).toEqual([0, 1]);
    const tight = { maxBatchSize: 3, maxBatchTokens: 82 };
    expect(formBatch(queue, tight, 8).map((slice) => slice.entry)).toEqual([0, 3]);
  });

  it('gives every waiting row to exactly one batch, the oldest first (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        (requests, maxBatchSize, window) => {
          const queue = requests.map((tokenCounts) => ({ tokenCounts, next: 0 }));
          const limits = { maxBatchSize, maxBatchTokens: 10_000 };
          let total = 0;
          while (queue.length > 0) {
            const slices = formBatch(queue, limits, window);
            expect(slices[0]?.entry).toBe(0);
            const rows = slices.reduce((sum, slice) => sum + slice.end - slice.start, 0);
            expect(rows).toBeLessThanOrEqual(maxBatchSize);
            total += rows;
            for (const slice of slices) (queue[slice.entry] as { next: number }).next = slice.end;
            for (let i = queue.length - 1; i >= 0; i--) {
              const entry = queue[i] as { tokenCounts: number[]; next: number };
              if (entry.next >= entry.tokenCounts.length) queue.splice(i, 1);
            }
          }
          expect(total).toBe(requests.flat().length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
