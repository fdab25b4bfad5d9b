import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, HEADER_BYTES } from './valueCodec.js';

const entry = {
  vector: Float32Array.from({ length: 384 }, (_, i) => Math.sin(i) / 10),
  tokens: 517,
  chunks: 3,
};

describe('value codec', () => {
  it('round-trips an entry exactly, into a fresh aligned array', () => {
    const encoded = encodeValue('key', entry);
    expect(encoded.length).toBe(HEADER_BYTES + 384 * 4);
    // A store hands back buffers at any offset; decoding must not need alignment.
    const shifted = Buffer.alloc(encoded.length + 1);
    encoded.copy(shifted, 1);
    const decoded = decodeValue('key', shifted.subarray(1));
    expect(decoded).toEqual(entry);
    expect(decoded?.vector.byteOffset).toBe(0);
  });

  it('rejects a value with any single byte changed, header included', () => {
    const encoded = encodeValue('key', entry);
    for (const at of [0, 4, 8, 12, 16, HEADER_BYTES, HEADER_BYTES + 700, encoded.length - 1]) {
      const damaged = Buffer.from(encoded);
      damaged[at] = (damaged[at] as number) ^ 0x01;
      expect(decodeValue('key', damaged), `byte ${at}`).toBeUndefined();
    }
  });

  it('rejects a value read under another key', () => {
    expect(decodeValue('other', encodeValue('key', entry))).toBeUndefined();
  });

  it('rejects truncated and empty values', () => {
    const encoded = encodeValue('key', entry);
    expect(decodeValue('key', encoded.subarray(0, encoded.length - 4))).toBeUndefined();
    expect(decodeValue('key', encoded.subarray(0, 3))).toBeUndefined();
    expect(decodeValue('key', new Uint8Array(0))).toBeUndefined();
  });
});
