import { describe, expect, it } from 'vitest';
import { buildLengthPool } from './lengthPools.js';

// A stand-in token count for pure arithmetic: one token per word plus two special tokens.
const count = (text: string): number => (text === '' ? 2 : text.split(' ').length + 2);
const sentences = Array.from({ length: 60 }, (_, i) =>
  Array.from({ length: 4 + (i % 9) }, () => `w${i}`).join(' '),
);

describe('buildLengthPool', () => {
  it('picks distinct single sentences closest to the short target', () => {
    const pool = buildLengthPool(sentences, 'short', 5, count, 256);
    expect(pool.texts).toHaveLength(5);
    for (const tokens of pool.tokenCounts) expect(Math.abs(tokens - 10)).toBeLessThanOrEqual(1);
  });

  it('joins sentences to land near the medium and long targets, never past maxTokens', () => {
    const medium = buildLengthPool(sentences, 'medium', 8, count, 256);
    for (const tokens of medium.tokenCounts) expect(Math.abs(tokens - 60)).toBeLessThanOrEqual(6);
    const long = buildLengthPool(sentences, 'long', 8, count, 128);
    expect(long.targetTokens).toBe(124);
    for (const tokens of long.tokenCounts) expect(tokens).toBeLessThanOrEqual(128);
    expect(long.meanTokens).toBeGreaterThan(115);
  });
});
