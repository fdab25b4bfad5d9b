import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float32ToBase64 } from './float32ToBase64.js';

describe('float32ToBase64', () => {
  it('writes little-endian float32 bytes', () => {
    expect(float32ToBase64(Float32Array.of(1))).toBe(Buffer.from([0, 0, 0x80, 0x3f]).toString('base64'));
  });

  it('round-trips any vector bit for bit (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true }), { maxLength: 64 }), (values) => {
        const vector = Float32Array.from(values);
        const bytes = Buffer.from(float32ToBase64(vector), 'base64');
        const decoded = Array.from({ length: vector.length }, (_, i) => bytes.readFloatLE(i * 4));
        expect(decoded).toEqual(Array.from(vector));
      }),
    );
  });
});
