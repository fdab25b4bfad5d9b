import { describe, expect, it } from 'vitest';
import { dot, negativeHamming, recallAtK } from './recallAtK.js';

const v = (...xs: number[]) => Float32Array.from(xs);

describe('recallAtK', () => {
  const documents = [v(1, 0), v(0, 1), v(0.7, 0.7), v(-1, 0)];

  it('counts a query when its relevant document is in the top k', () => {
    const queries = [v(1, 0.1), v(0.1, 1)];
    expect(recallAtK(queries, documents, [0, 1], 1, dot)).toBe(1);
    expect(recallAtK(queries, documents, [2, 2], 1, dot)).toBe(0);
    expect(recallAtK(queries, documents, [2, 2], 2, dot)).toBe(1);
    expect(recallAtK(queries, documents, [3, 0], 2, dot)).toBe(0);
    expect(recallAtK(queries, documents, [3, 0], 4, dot)).toBe(1);
  });

  it('ranks ties above the relevant document, so a constant scorer finds nothing at k=1', () => {
    expect(recallAtK([v(1, 0)], documents, [0], 1, () => 0)).toBe(0);
    expect(recallAtK([v(1, 0)], documents, [0], 4, () => 0)).toBe(1);
  });
});

describe('negativeHamming', () => {
  it('is minus the number of differing bits, for uint8 and int8 bytes alike', () => {
    expect(negativeHamming(Uint8Array.from([0b1010_1010]), Uint8Array.from([0b1010_1010]))).toBe(-0);
    expect(negativeHamming(Uint8Array.from([0xff, 0]), Uint8Array.from([0, 0]))).toBe(-8);
    // binary (int8) is ubinary - 128: the same bytes with the top bit flipped on both sides.
    expect(negativeHamming(Int8Array.from([0xff - 128, -128]), Int8Array.from([-128, 0b11 - 128]))).toBe(-10);
  });
});
