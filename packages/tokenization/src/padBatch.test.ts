import type { EncodedText } from '@akidb/core';
import { isAkidbError } from '@akidb/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { padBatch } from './padBatch.js';

const encoded = (...ids: number[]): EncodedText => ({ ids: Int32Array.from(ids), tokenCount: ids.length });
const rows = [encoded(101, 7592, 2088, 102), encoded(101, 102), encoded(101, 2023, 102)];
const numbers = (values: BigInt64Array | undefined) => Array.from(values ?? [], Number);

describe('padBatch', () => {
  it('pads on the right to the longest input, with a matching mask', () => {
    const batch = padBatch(rows, { paddingSide: 'right', padTokenId: 0 });
    expect(batch.batchSize).toBe(3);
    expect(batch.seqLength).toBe(4);
    expect(numbers(batch.inputIds)).toEqual([101, 7592, 2088, 102, 101, 102, 0, 0, 101, 2023, 102, 0]);
    expect(numbers(batch.attentionMask)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0]);
    expect(batch.tokenTypeIds).toBeUndefined();
  });

  it('pads on the left, pads first, with a non-zero pad id', () => {
    const batch = padBatch(rows, { paddingSide: 'left', padTokenId: 268 });
    expect(numbers(batch.inputIds)).toEqual([101, 7592, 2088, 102, 268, 268, 101, 102, 268, 101, 2023, 102]);
    expect(numbers(batch.attentionMask)).toEqual([1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 1]);
  });

  it('adds all-zero token type ids when asked', () => {
    const batch = padBatch(rows, { paddingSide: 'right', padTokenId: 5, withTokenTypeIds: true });
    expect(batch.tokenTypeIds).toBeInstanceOf(BigInt64Array);
    expect(numbers(batch.tokenTypeIds)).toEqual(new Array(12).fill(0));
    expect(numbers(batch.inputIds).slice(4, 8)).toEqual([101, 102, 5, 5]);
  });

  it('makes int64 tensors that hold ids beyond 16 bits exactly', () => {
    const batch = padBatch([encoded(250_001, 2 ** 31 - 1)], { paddingSide: 'right', padTokenId: 1 });
    expect(Array.from(batch.inputIds)).toEqual([250_001n, 2_147_483_647n]);
  });

  it('handles an empty batch and empty inputs', () => {
    const empty = padBatch([], { paddingSide: 'right', padTokenId: 0, withTokenTypeIds: true });
    expect(empty).toMatchObject({ batchSize: 0, seqLength: 0 });
    expect(empty.inputIds).toHaveLength(0);
    expect(empty.tokenTypeIds).toHaveLength(0);
    const blanks = padBatch([encoded(), encoded()], { paddingSide: 'left', padTokenId: 0 });
    expect(blanks).toMatchObject({ batchSize: 2, seqLength: 0 });
  });

  it('rejects a pad id that is not a non-negative 32-bit integer, and negative token ids', () => {
    for (const padTokenId of [-1, 1.5, 2 ** 31]) {
      let error: unknown;
      try {
        padBatch(rows, { paddingSide: 'right', padTokenId });
      } catch (caught) {
        error = caught;
      }
      expect(isAkidbError(error, 'INTERNAL')).toBe(true);
    }
    expect(() => padBatch([encoded(1, -2)], { paddingSide: 'right', padTokenId: 0 })).toThrow(/non-negative/);
  });

  it('keeps every row intact and pads on the chosen side (property)', () => {
    const row = fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 12 });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 8 }),
        fc.constantFrom('left' as const, 'right' as const),
        fc.nat(1000),
        (inputs, side, pad) => {
          const batch = padBatch(
            inputs.map((ids) => encoded(...ids)),
            { paddingSide: side, padTokenId: pad },
          );
          const seq = Math.max(0, ...inputs.map((ids) => ids.length));
          expect(batch.seqLength).toBe(seq);
          inputs.forEach((ids, r) => {
            const padCount = seq - ids.length;
            const pads = new Array(padCount).fill(pad);
            const expectedIds = side === 'right' ? [...ids, ...pads] : [...pads, ...ids];
            const ones = new Array(ids.length).fill(1);
            const zeros = new Array(padCount).fill(0);
            expect(numbers(batch.inputIds).slice(r * seq, (r + 1) * seq)).toEqual(expectedIds);
            expect(numbers(batch.attentionMask).slice(r * seq, (r + 1) * seq)).toEqual(
              side === 'right' ? [...ones, ...zeros] : [...zeros, ...ones],
            );
          });
        },
      ),
    );
  });
});
