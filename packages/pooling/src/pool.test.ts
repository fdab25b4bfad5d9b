import { describe, expect, it } from 'vitest';
import { l2Normalize } from './l2Normalize.js';
import { maxPool } from './maxPool.js';
import { meanPool } from './meanPool.js';
import { pool } from './pool.js';
import { clsPool, lastTokenPool } from './tokenPool.js';
import { toRows, truncateDimensions } from './truncateDimensions.js';

// Two rows, three positions, hidden size 2. Row 0 has 2 real tokens, row 1 has 3.
// Token vectors are [position + 1, -(position + 1)] * (row + 1); padded slots hold 99.
const hidden = Float32Array.from([...[1, -1, 2, -2, 99, 99], ...[2, -2, 4, -4, 6, -6]]);
const rightMask = BigInt64Array.from([1n, 1n, 0n, 1n, 1n, 1n]);
const shape = { batchSize: 2, seqLength: 3, hiddenSize: 2, attentionMask: rightMask };

// The same rows padded on the left: row 0 is [pad, t0, t1].
const leftHidden = Float32Array.from([...[99, 99, 1, -1, 2, -2], ...[2, -2, 4, -4, 6, -6]]);
const leftShape = { ...shape, attentionMask: BigInt64Array.from([0n, 1n, 1n, 1n, 1n, 1n]) };

describe('pooling strategies on hand-made tensors', () => {
  it('mean averages real tokens only, under either padding side', () => {
    expect([...meanPool(hidden, shape)]).toEqual([1.5, -1.5, 4, -4]);
    expect([...meanPool(leftHidden, leftShape)]).toEqual([1.5, -1.5, 4, -4]);
  });

  it('cls takes the first real token', () => {
    expect([...clsPool(hidden, shape)]).toEqual([1, -1, 2, -2]);
    expect([...clsPool(leftHidden, leftShape)]).toEqual([1, -1, 2, -2]);
  });

  it('last-token takes the last real token, not the last position, under right padding', () => {
    expect([...lastTokenPool(hidden, shape)]).toEqual([2, -2, 6, -6]);
    expect([...lastTokenPool(leftHidden, leftShape)]).toEqual([2, -2, 6, -6]);
  });

  it('max ignores padded positions', () => {
    expect([...maxPool(hidden, shape)]).toEqual([2, -1, 6, -2]);
    expect([...maxPool(leftHidden, leftShape)]).toEqual([2, -1, 6, -2]);
  });

  it('dispatches by strategy and writes into a caller buffer', () => {
    const out = new Float32Array(4).fill(7);
    expect(pool('mean', hidden, shape, out)).toBe(out);
    expect([...out]).toEqual([1.5, -1.5, 4, -4]);
    expect([...pool('last', hidden, shape)]).toEqual([2, -2, 6, -6]);
  });

  it('leaves a row with no real token at zero', () => {
    const empty = { ...shape, attentionMask: BigInt64Array.from([0n, 0n, 0n, 1n, 1n, 1n]) };
    for (const strategy of ['mean', 'cls', 'last', 'max'] as const) {
      expect([...pool(strategy, hidden, empty).subarray(0, 2)]).toEqual([0, 0]);
    }
  });

  it('rejects buffers that do not match the shape', () => {
    expect(() => meanPool(hidden.subarray(1), shape)).toThrow(
      expect.objectContaining({ code: 'INFERENCE_FAILED' }),
    );
    expect(() => meanPool(hidden, { ...shape, attentionMask: rightMask.subarray(1) })).toThrow(
      expect.objectContaining({ code: 'INFERENCE_FAILED' }),
    );
    expect(() => meanPool(hidden, shape, new Float32Array(3))).toThrow(
      expect.objectContaining({ code: 'INFERENCE_FAILED' }),
    );
  });
});

describe('validation outside pooling', () => {
  it('rejects an unknown strategy with INFERENCE_FAILED, not a TypeError', () => {
    for (const strategy of ['median', 'toString', '__proto__']) {
      expect(() => pool(strategy as 'mean', hidden, shape)).toThrow(
        expect.objectContaining({ code: 'INFERENCE_FAILED', details: { strategy } }),
      );
    }
  });

  it('rejects vectors whose length is not rows x dim', () => {
    const vectors = new Float32Array(6).fill(1);
    for (const call of [
      () => l2Normalize(vectors, 2, 4),
      () => truncateDimensions(vectors, 4, 2, 1),
      () => toRows(vectors, 2, 2),
      () => l2Normalize(vectors, -2, -3),
    ]) {
      expect(call).toThrow(expect.objectContaining({ code: 'INFERENCE_FAILED' }));
    }
    expect(Array.from(vectors)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('toRows gives views that share the packed buffer', () => {
    const flat = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const rows = toRows(flat, 3, 2);
    expect(rows.map((row) => Array.from(row))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    rows[1]?.fill(0);
    expect(Array.from(flat)).toEqual([1, 2, 0, 0, 5, 6]);
  });
});
