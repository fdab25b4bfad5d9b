import { describe, expect, it } from 'vitest';
import { cosineSimilarity } from './cosineSimilarity.js';

describe('cosineSimilarity', () => {
  it('is 1 for the same direction, -1 for opposite, 0 for orthogonal or zero vectors', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [-3, 0])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity(Float32Array.from([1, 0]), [0, 5])).toBe(0);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });

  it('refuses vectors of different lengths', () => {
    expect(() => cosineSimilarity([1, 2], [1, 2, 3])).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });
});
