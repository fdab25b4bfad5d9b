import { describe, expect, it } from 'vitest';
import { meanPool } from './meanPool.js';
import { weightedMean } from './weightedMean.js';

describe('weightedMean', () => {
  it('weights each vector by its weight', () => {
    const out = weightedMean([Float32Array.from([1, 0]), Float32Array.from([0, 1])], [3, 1]);
    expect(Array.from(out)).toEqual([0.75, 0.25]);
  });

  it('of mean-pooled windows weighted by token count is the mean over all their tokens', () => {
    const hidden = 3;
    const tokens = Array.from({ length: 7 }, (_, t) =>
      Float32Array.from({ length: hidden }, (_, k) => t * 10 + k),
    );
    const windowA = tokens.slice(0, 4);
    const windowB = tokens.slice(4);
    const poolOne = (rows: Float32Array[]) => {
      const flat = new Float32Array(rows.length * hidden);
      for (const [i, row] of rows.entries()) flat.set(row, i * hidden);
      const mask = new BigInt64Array(rows.length).fill(1n);
      return meanPool(flat, {
        batchSize: 1,
        seqLength: rows.length,
        hiddenSize: hidden,
        attentionMask: mask,
      });
    };
    const combined = weightedMean([poolOne(windowA), poolOne(windowB)], [4, 3]);
    const all = poolOne(tokens);
    for (let k = 0; k < hidden; k++) expect(combined[k]).toBeCloseTo(all[k] as number, 5);
  });

  it('returns a new vector and leaves its inputs alone', () => {
    const a = Float32Array.from([2, 4]);
    const out = weightedMean([a], [1]);
    out[0] = 99;
    expect(Array.from(a)).toEqual([2, 4]);
  });

  it('refuses no vectors, a missing weight, mixed lengths and non-positive weights', () => {
    const v = Float32Array.from([1, 2]);
    expect(() => weightedMean([], [])).toThrow(expect.objectContaining({ code: 'INFERENCE_FAILED' }));
    expect(() => weightedMean([v, v], [1])).toThrow(/one weight per vector/);
    expect(() => weightedMean([v, Float32Array.from([1])], [1, 1])).toThrow(/another length/);
    expect(() => weightedMean([v], [0])).toThrow(/not positive/);
    expect(() => weightedMean([v], [Number.NaN])).toThrow(/not positive/);
  });
});
