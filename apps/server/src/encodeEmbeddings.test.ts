import { describe, expect, it } from 'vitest';
import { toNumbers } from './encodeEmbeddings.js';

describe('toNumbers', () => {
  it('gives a plain array of the same values, which JSON writes as Array.from would', () => {
    const vector = Float32Array.from([0.1, -0.25, 3.5e-8, 0, -0, 1]);
    const numbers = toNumbers(vector);
    expect(Array.isArray(numbers)).toBe(true);
    expect(numbers).toEqual(Array.from(vector));
    expect(JSON.stringify(numbers)).toBe(JSON.stringify(Array.from(vector)));
  });

  it('keeps int8 values and handles an empty vector', () => {
    expect(toNumbers(Int8Array.from([-128, 0, 127]))).toEqual([-128, 0, 127]);
    expect(toNumbers(new Float32Array(0))).toEqual([]);
  });
});
