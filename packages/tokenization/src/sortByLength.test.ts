import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invertPermutation, sortByLength } from './sortByLength.js';
import { totalTokenCount } from './totalTokenCount.js';

const lengths = (...counts: number[]) => counts.map((tokenCount) => ({ tokenCount }));

describe('sortByLength', () => {
  it('orders longest first by default, ties in input order', () => {
    expect(Array.from(sortByLength(lengths(3, 9, 3, 1, 9)))).toEqual([1, 4, 0, 2, 3]);
  });

  it('orders shortest first on request, ties in input order', () => {
    expect(Array.from(sortByLength(lengths(3, 9, 3, 1, 9), 'shortest-first'))).toEqual([3, 0, 2, 1, 4]);
  });

  it('handles an empty list', () => {
    expect(sortByLength([])).toHaveLength(0);
  });

  it('is a sorted permutation, and invertPermutation puts results back (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(600)), (counts) => {
        const inputs = lengths(...counts);
        const order = sortByLength(inputs);
        expect(Array.from(order).sort((a, b) => a - b)).toEqual(counts.map((_, i) => i));
        for (let k = 1; k < order.length; k++) {
          expect(counts[order[k - 1] as number]).toBeGreaterThanOrEqual(counts[order[k] as number] as number);
        }
        const sortedResults = Array.from(order, (i) => `result of ${i}`);
        const where = invertPermutation(order);
        expect(counts.map((_, i) => sortedResults[where[i] as number])).toEqual(
          counts.map((_, i) => `result of ${i}`),
        );
      }),
    );
  });
});

describe('totalTokenCount', () => {
  it('sums token counts', () => {
    expect(totalTokenCount(lengths(4, 2, 512))).toBe(518);
    expect(totalTokenCount([])).toBe(0);
  });
});
