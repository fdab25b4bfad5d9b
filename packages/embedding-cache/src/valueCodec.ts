import { crc32 } from 'node:zlib';

/** `AKE1`: marks a value written by this format. */
const MAGIC = 0x31454b41;
/** magic u32, dimension u32, crc32 u32, reserved u32; then the float32 components, little-endian. */
export const HEADER_BYTES = 16;

/**
 * Encodes a vector for the on-disk store with a crc32 over the key and the components, so a value
 * that was damaged, or that sits under another key, is detected on read instead of being served.
 */
export function encodeValue(key: string, vector: Float32Array): Buffer {
  const payload = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(vector.length, 4);
  out.writeUInt32LE(checksum(key, payload), 8);
  out.writeUInt32LE(0, 12);
  payload.copy(out, HEADER_BYTES);
  return out;
}

/** Decodes a stored value into a fresh vector, or `undefined` when it is damaged or not for `key`. */
export function decodeValue(key: string, value: Uint8Array): Float32Array | undefined {
  if (value.length < HEADER_BYTES || (value.length - HEADER_BYTES) % 4 !== 0) return undefined;
  const bytes = Buffer.from(value.buffer, value.byteOffset, value.length);
  const dimension = bytes.readUInt32LE(4);
  if (bytes.readUInt32LE(0) !== MAGIC || dimension * 4 !== value.length - HEADER_BYTES) return undefined;
  const payload = bytes.subarray(HEADER_BYTES);
  if (bytes.readUInt32LE(8) !== checksum(key, payload)) return undefined;
  const vector = new Float32Array(dimension);
  new Uint8Array(vector.buffer).set(payload);
  return vector;
}

function checksum(key: string, payload: Uint8Array): number {
  return crc32(payload, crc32(key));
}
