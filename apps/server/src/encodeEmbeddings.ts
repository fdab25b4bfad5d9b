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
  if (format === 'float') return result.embeddings.map((vector) => Array.from(vector));
  if (format === 'base64') return result.embeddings.map(float32ToBase64);
  const quantized = result.quantized;
  if (quantized === undefined || quantized.precision !== format) {
    throw new Error(`encodeEmbeddings: the result holds no ${format} vectors`);
  }
  if (format === 'int8' || format === 'uint8') return quantized.vectors.map((vector) => Array.from(vector));
  return quantized.vectors.map((bytes) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  );
}
