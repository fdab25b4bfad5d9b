import { describe, expect, it } from 'vitest';
import { paddingStats, planFeed } from './batching.js';

describe('planFeed / paddingStats', () => {
  const counts = [10, 40, 12, 11, 39, 9];

  it('cuts arrival-order batches as the texts came', () => {
    expect(planFeed(counts, 4, 'arrival')).toEqual([
      [0, 1, 2, 3],
      [4, 5],
    ]);
  });

  it('sorts longest first, ties in arrival order', () => {
    expect(planFeed([3, 5, 3, 5], 2, 'length')).toEqual([
      [1, 3],
      [0, 2],
    ]);
  });

  it('counts padding: length-sorted batches waste less than the naive feed', () => {
    const naive = paddingStats(counts, planFeed(counts, 2, 'arrival'));
    const sorted = paddingStats(counts, planFeed(counts, 2, 'length'));
    expect(naive.realTokens).toBe(121);
    expect(naive.fedTokens).toBe(2 * 40 + 2 * 12 + 2 * 39);
    expect(sorted.fedTokens).toBe(2 * 40 + 2 * 12 + 2 * 10);
    expect(sorted.paddingFraction).toBeLessThan(naive.paddingFraction);
  });
});
