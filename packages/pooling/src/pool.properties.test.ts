import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { l2Normalize } from './l2Normalize.js';
import { maxPool } from './maxPool.js';
import { meanPool } from './meanPool.js';
import { pool } from './pool.js';
import { lastTokenPool } from './tokenPool.js';
import { truncateDimensions } from './truncateDimensions.js';

const float = fc.float({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true });

/** A random batch: per-row lengths 1..seq, hidden values, and garbage for padded slots. */
const batchArb = fc
  .record({
    batchSize: fc.integer({ min: 1, max: 4 }),
    seqLength: fc.integer({ min: 1, max: 6 }),
    hiddenSize: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ batchSize, seqLength, hiddenSize }) =>
    fc.record({
      batchSize: fc.constant(batchSize),
      seqLength: fc.constant(seqLength),
      hiddenSize: fc.constant(hiddenSize),
      lengths: fc.array(fc.integer({ min: 1, max: seqLength }), {
        minLength: batchSize,
        maxLength: batchSize,
      }),
      values: fc.array(float, {
        minLength: batchSize * seqLength * hiddenSize,
        maxLength: batchSize * seqLength * hiddenSize,
      }),
      garbage: fc.array(float, {
        minLength: batchSize * seqLength * hiddenSize,
        maxLength: batchSize * seqLength * hiddenSize,
      }),
      left: fc.boolean(),
    }),
  );

type BatchValue = typeof batchArb extends fc.Arbitrary<infer T> ? T : never;

function isReal(batch: BatchValue, row: number, position: number): boolean {
  const length = batch.lengths[row] as number;
  return batch.left ? position >= batch.seqLength - length : position < length;
}

function build(batch: BatchValue, withGarbage: boolean): { hidden: Float32Array; mask: BigInt64Array } {
  const { batchSize, seqLength, hiddenSize } = batch;
  const hidden = new Float32Array(batchSize * seqLength * hiddenSize);
  const mask = new BigInt64Array(batchSize * seqLength);
  for (let row = 0; row < batchSize; row++) {
    for (let position = 0; position < seqLength; position++) {
      const real = isReal(batch, row, position);
      mask[row * seqLength + position] = real ? 1n : 0n;
      for (let k = 0; k < hiddenSize; k++) {
        const index = (row * seqLength + position) * hiddenSize + k;
        hidden[index] =
          real || !withGarbage ? (batch.values[index] as number) : (batch.garbage[index] as number);
      }
    }
  }
  return { hidden, mask };
}

describe('pooling invariants', () => {
  it('padding content never changes any strategy', () => {
    fc.assert(
      fc.property(batchArb, (batch) => {
        const clean = build(batch, false);
        const dirty = build(batch, true);
        for (const strategy of ['mean', 'cls', 'last', 'max'] as const) {
          const a = pool(strategy, clean.hidden, { ...batch, attentionMask: clean.mask });
          const b = pool(strategy, dirty.hidden, { ...batch, attentionMask: dirty.mask });
          expect([...b]).toEqual([...a]);
        }
      }),
    );
  });

  it('mean of a constant sequence is the constant, and max >= mean', () => {
    fc.assert(
      fc.property(batchArb, float, (batch, constant) => {
        const { hidden, mask } = build(batch, true);
        const shape = { ...batch, attentionMask: mask };
        const mean = meanPool(hidden, shape);
        const max = maxPool(hidden, shape);
        for (let i = 0; i < mean.length; i++)
          expect(max[i] as number).toBeGreaterThanOrEqual((mean[i] as number) - 1e-3);
        const flat = hidden.map((value, index) =>
          mask[Math.floor(index / batch.hiddenSize)] === 1n ? constant : value,
        );
        for (const value of meanPool(flat, shape)) expect(value).toBeCloseTo(Math.fround(constant), 3);
      }),
    );
  });

  it('last-token pooling picks position length-1 (right padding) or seq-1 (left padding)', () => {
    fc.assert(
      fc.property(batchArb, (batch) => {
        const { hidden, mask } = build(batch, true);
        const pooled = lastTokenPool(hidden, { ...batch, attentionMask: mask });
        for (let row = 0; row < batch.batchSize; row++) {
          const position = batch.left ? batch.seqLength - 1 : (batch.lengths[row] as number) - 1;
          const start = (row * batch.seqLength + position) * batch.hiddenSize;
          expect([...pooled.subarray(row * batch.hiddenSize, (row + 1) * batch.hiddenSize)]).toEqual([
            ...hidden.subarray(start, start + batch.hiddenSize),
          ]);
        }
      }),
    );
  });

  it('l2Normalize gives unit norm, or leaves a zero vector at zero', () => {
    fc.assert(
      fc.property(fc.array(float, { minLength: 1, maxLength: 64 }), (values) => {
        const vector = Float32Array.from(values);
        const zero = vector.every((value) => value === 0);
        l2Normalize(vector, 1, vector.length);
        const norm = Math.hypot(...vector);
        if (zero) expect(norm).toBe(0);
        else expect(norm).toBeCloseTo(1, 4);
        expect(vector.every(Number.isFinite)).toBe(true);
      }),
    );
  });

  it('truncate-then-renormalise has unit norm and keeps the direction of the prefix', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: 1, max: 100, noNaN: true }), { minLength: 2, maxLength: 32 }),
        fc.nat(),
        (values, pick) => {
          const dim = values.length;
          const newDim = 1 + (pick % dim);
          const vector = Float32Array.from(values);
          const out = truncateDimensions(vector, 1, dim, newDim);
          expect(out).toHaveLength(newDim);
          expect(Math.hypot(...out)).toBeCloseTo(1, 4);
          const prefixNorm = Math.hypot(...vector.subarray(0, newDim));
          for (let k = 0; k < newDim; k++)
            expect(out[k] as number).toBeCloseTo((vector[k] as number) / prefixNorm, 4);
        },
      ),
    );
  });

  it('truncateDimensions rejects sizes outside 1..dim', () => {
    for (const bad of [0, 5, -1, 2.5]) {
      expect(() => truncateDimensions(new Float32Array(4), 1, 4, bad)).toThrow(
        expect.objectContaining({ code: 'DIMENSIONS_INVALID' }),
      );
    }
  });
});
