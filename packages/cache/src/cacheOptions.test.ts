import { describe, expect, it } from 'vitest';
import { measureProvider, readSettings } from './cacheOptions.js';
import { fakeProvider } from './testFakes.js';

const load = async () => fakeProvider('a', 1);

describe('readSettings', () => {
  it('defaults to 64 models and no byte budget', () => {
    expect(readSettings({ load }).budget).toEqual({ maxModels: 64, maxBytes: Number.POSITIVE_INFINITY });
  });

  it.each([
    { maxModels: 0 },
    { maxModels: 1.5 },
    { maxModels: 5000 },
    { maxBytes: 0 },
    { maxBytes: Number.NaN },
    { idleTtlMs: -1 },
    { maxModels: 1, pinned: ['a', 'b'] },
  ])('rejects %o with INPUT_INVALID', (options) => {
    expect(() => readSettings({ load, ...options })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });
});

describe('measureProvider', () => {
  it('uses modelInfo().memoryBytes unless sizeOf is given', () => {
    const provider = fakeProvider('a', 123);
    expect(measureProvider('a', provider, undefined)).toBe(123);
    expect(measureProvider('a', provider, () => 7)).toBe(7);
  });

  it('rejects a size that is not a non-negative number', () => {
    expect(() => measureProvider('a', fakeProvider('a', -5), undefined)).toThrow(
      expect.objectContaining({ code: 'MODEL_LOAD_FAILED' }),
    );
  });
});
