import { crc32 } from 'node:zlib';
import type { CachedEmbedding } from './cacheTypes.js';

/** `AKE1`: marks a value written by this format. */
const MAGIC = 0x31454b41;
/** magic, dimension, tokens, chunks, crc32 (u32 each); then the float32 components, little-endian. */
export const HEADER_BYTES = 20;
const CRC_AT = 16;

/**
 * Encodes an entry for the on-disk store with a crc32 over the key, the header and the components, so
 * a value that was damaged, or that sits under another key, is detected on read instead of being served.
 */
export function encodeValue(key: string, entry: CachedEmbedding): Buffer {
  const { vector } = entry;
  const out = Buffer.allocUnsafe(HEADER_BYTES + vector.byteLength);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(vector.length, 4);
  out.writeUInt32LE(entry.tokens, 8);
  out.writeUInt32LE(entry.chunks, 12);
  Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(out, HEADER_BYTES);
  out.writeUInt32LE(checksum(key, out), CRC_AT);
  return out;
}

/** Decodes a stored value into a fresh entry, or `undefined` when it is damaged or not for `key`. */
export function decodeValue(key: string, value: Uint8Array): CachedEmbedding | undefined {
  if (value.length < HEADER_BYTES || (value.length - HEADER_BYTES) % 4 !== 0) return undefined;
  const bytes = Buffer.from(value.buffer, value.byteOffset, value.length);
  const dimension = bytes.readUInt32LE(4);
  if (bytes.readUInt32LE(0) !== MAGIC || dimension * 4 !== value.length - HEADER_BYTES) return undefined;
  if (bytes.readUInt32LE(CRC_AT) !== checksum(key, bytes)) return undefined;
  const vector = new Float32Array(dimension);
  new Uint8Array(vector.buffer).set(bytes.subarray(HEADER_BYTES));
  return { vector, tokens: bytes.readUInt32LE(8), chunks: bytes.readUInt32LE(12) };
}

/** crc32 of the key, the header before the crc field, and the components. */
function checksum(key: string, value: Buffer): number {
  const head = crc32(value.subarray(0, CRC_AT), crc32(key));
  return crc32(value.subarray(HEADER_BYTES), head);
}
