import { describe, expect, it } from 'vitest';
import { median, pairedRatio, quantile, summarize } from './stats.js';

describe('stats', () => {
  it('interpolates quantiles between ranks', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8);
    expect(quantile([7], 0.99)).toBe(7);
    expect(() => quantile([], 0.5)).toThrow();
  });

  it('summarizes samples', () => {
    const summary = summarize([10, 20, 30, 40, 50]);
    expect(summary).toMatchObject({ samples: 5, meanMs: 30, p50Ms: 30, minMs: 10, maxMs: 50 });
    expect(summary.p99Ms).toBeCloseTo(49.6);
  });

  it('takes the median of per-round ratios, not the ratio of medians', () => {
    // Round 2 was slowed down for both contenders; its ratio is still 2.
    expect(pairedRatio([20, 200, 22], [10, 100, 10])).toBe(2);
    expect(median([3, 1, 2])).toBe(2);
  });
});
