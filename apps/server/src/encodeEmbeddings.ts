import type { EmbeddingPrecision, EmbeddingResult } from '@akidb/embedding-provider';
import { float32ToBase64 } from './float32ToBase64.js';
import type { EncodingFormat } from './schemas/commonSchemas.js';

/** The precision the service computes for a wire encoding (`float` and `base64` are float32). */
export function precisionOf(format: EncodingFormat): EmbeddingPrecision {
  return format === 'float' || format === 'base64' ? 'float32' : format;
}

/**
 * A result's vectors in a wire encoding: numbers (`float`, `int8`, `uint8`), base64 of little-endian
 * float32 (`base64`), or base64 of the packed bits (`binary`, `ubinary`). The result must have been
 * computed with `precisionOf(format)`.
 *
 * @example
 * const data = encodeEmbeddings(await service.embed({ texts, precision: 'binary' }), 'binary'); // ['q83v…', …]
 */
export function encodeEmbeddings(result: EmbeddingResult, format: EncodingFormat): (number[] | string)[] {
  if (format === 'float') return result.embeddings.map(toNumbers);
  if (format === 'base64') return result.embeddings.map(float32ToBase64);
  const quantized = result.quantized;
  if (quantized === undefined || quantized.precision !== format) {
    throw new Error(`encodeEmbeddings: the result holds no ${format} vectors`);
  }
  if (format === 'int8' || format === 'uint8') return quantized.vectors.map(toNumbers);
  return quantized.vectors.map((bytes) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  );
}

/**
 * A typed array's values as a plain array, for `JSON.stringify`. Not `Array.from`: on a typed array it
 * walks the iterator and boxes every element, which at 384 floats was a quarter of the server's
 * allocation per request and ~10x the time of this loop (docs/decisions.md).
 */
export function toNumbers(view: ArrayLike<number>): number[] {
  const numbers = new Array<number>(view.length);
  for (let i = 0; i < view.length; i++) numbers[i] = view[i] as number;
  return numbers;
}
