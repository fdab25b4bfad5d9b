import { isAkidbError } from '@akidb/core';
import { describe, expect, it } from 'vitest';
import { checkModelDimensions } from './checkModelDimensions.js';

const anySize = { id: 'plain', dimension: 384, matryoshkaDimensions: null };
const matryoshka = { id: 'nested', dimension: 1024, matryoshkaDimensions: [32, 64, 128, 256, 512] };

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isAkidbError(error) ? error.code : 'not an AkidbError';
  }
}

describe('checkModelDimensions', () => {
  it('accepts any integer in 1..dimension when the model lists no Matryoshka sizes', () => {
    for (const requested of [1, 128, 383, 384]) {
      expect(codeOf(() => checkModelDimensions(anySize, requested))).toBeUndefined();
    }
  });

  it.each([0, -1, 385, 1.5, Number.NaN, '128'])('rejects %s as out of range', (requested) => {
    expect(codeOf(() => checkModelDimensions(anySize, requested))).toBe('DIMENSIONS_INVALID');
  });

  it('accepts only listed Matryoshka sizes and the full dimension', () => {
    for (const requested of [32, 256, 512, 1024]) {
      expect(codeOf(() => checkModelDimensions(matryoshka, requested))).toBeUndefined();
    }
    for (const requested of [1, 100, 1023, 2048]) {
      expect(codeOf(() => checkModelDimensions(matryoshka, requested))).toBe('DIMENSIONS_INVALID');
    }
  });

  it('names the allowed sizes when a size is in range but not trained for', () => {
    expect(() => checkModelDimensions(matryoshka, 100)).toThrow(
      'Model "nested" supports dimensions 32, 64, 128, 256, 512; got 100',
    );
  });
});
