import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, HEADER_BYTES } from './valueCodec.js';

const vector = Float32Array.from({ length: 384 }, (_, i) => Math.sin(i) / 10);

describe('value codec', () => {
  it('round-trips a vector exactly, into a fresh aligned array', () => {
    const encoded = encodeValue('key', vector);
    expect(encoded.length).toBe(HEADER_BYTES + 384 * 4);
    // A store hands back buffers at any offset; decoding must not need alignment.
    const shifted = Buffer.alloc(encoded.length + 1);
    encoded.copy(shifted, 1);
    const decoded = decodeValue('key', shifted.subarray(1));
    expect(decoded).toEqual(vector);
    expect(decoded?.byteOffset).toBe(0);
  });

  it('rejects a value with any single byte changed', () => {
    const encoded = encodeValue('key', vector);
    for (const at of [0, 4, 8, HEADER_BYTES, HEADER_BYTES + 700, encoded.length - 1]) {
      const damaged = Buffer.from(encoded);
      damaged[at] = (damaged[at] as number) ^ 0x01;
      expect(decodeValue('key', damaged), `byte ${at}`).toBeUndefined();
    }
  });

  it('rejects a value read under another key', () => {
    expect(decodeValue('other', encodeValue('key', vector))).toBeUndefined();
  });

  it('rejects truncated and empty values', () => {
    const encoded = encodeValue('key', vector);
    expect(decodeValue('key', encoded.subarray(0, encoded.length - 4))).toBeUndefined();
    expect(decodeValue('key', encoded.subarray(0, 3))).toBeUndefined();
    expect(decodeValue('key', new Uint8Array(0))).toBeUndefined();
  });
});
