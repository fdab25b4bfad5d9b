import type { EmbeddingPrecision, QuantizedEmbeddings } from '@akidb/core';
import { quantizationInvalid } from './errors.js';

/** Every precision, default first. */
export const EMBEDDING_PRECISIONS: readonly EmbeddingPrecision[] = [
  'float32',
  'int8',
  'uint8',
  'binary',
  'ubinary',
];

/** Per-dimension value range seen on a calibration corpus; int8 and uint8 map it onto 256 steps. */
export interface CalibrationRanges {
  readonly min: ArrayLike<number>;
  readonly max: ArrayLike<number>;
}

/**
 * Quantizes float vectors the way sentence-transformers' `quantize_embeddings` does:
 *
 * - `uint8`: `clip(floor((x - min) / step), 0, 255)` with `step = (max - min) / 255` per dimension (1 where
 *   the range has zero width), so values outside the calibration range saturate;
 * - `int8`: the uint8 bucket minus 128;
 * - `binary`: one bit per dimension, `x > 0`, packed most significant bit first (numpy `packbits`),
 *   each byte minus 128 as int8; `ubinary`: the same bytes as uint8.
 *
 * `float32` returns the vectors as they are. int8 and uint8 need `ranges` as long as the vectors (`INPUT_INVALID` otherwise).
 *
 * @example
 * const { vectors } = quantizeEmbeddings(embeddings, 'binary'); // 384 dims -> 48 bytes each
 * const int8 = quantizeEmbeddings(embeddings, 'int8', ranges);
 */
export function quantizeEmbeddings(
  vectors: readonly Float32Array[],
  precision: EmbeddingPrecision,
  ranges?: CalibrationRanges,
): QuantizedEmbeddings {
  switch (precision) {
    case 'float32':
      return { precision, vectors: [...vectors] };
    case 'int8':
      return { precision, vectors: vectors.map((v) => toInt8(v, checkRanges(ranges, v.length, precision))) };
    case 'uint8':
      return { precision, vectors: vectors.map((v) => toUint8(v, checkRanges(ranges, v.length, precision))) };
    case 'binary':
      return { precision, vectors: vectors.map((v) => new Int8Array(packBits(v).map((b) => b - 128))) };
    case 'ubinary':
      return { precision, vectors: vectors.map(packBits) };
    default:
      throw quantizationInvalid(`unknown precision "${String(precision)}"`, { precision: String(precision) });
  }
}

/** sentence-transformers' bucket: `clip(floor((x - min) / step), 0, 255)`, a zero-width range using step 1. */
function bucket(x: number, min: number, max: number): number {
  const step = (max - min) / 255 || 1;
  const index = Math.floor((x - min) / step);
  return index < 0 ? 0 : Math.min(index, 255);
}

function toInt8(vector: Float32Array, ranges: CalibrationRanges): Int8Array {
  const out = new Int8Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    out[i] = bucket(vector[i] as number, ranges.min[i] as number, ranges.max[i] as number) - 128;
  }
  return out;
}

function toUint8(vector: Float32Array, ranges: CalibrationRanges): Uint8Array {
  const out = new Uint8Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    out[i] = bucket(vector[i] as number, ranges.min[i] as number, ranges.max[i] as number);
  }
  return out;
}

/** numpy `packbits(x > 0)`: bit 7 of byte 0 is dimension 0; the last byte is padded with zero bits. */
function packBits(vector: Float32Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(vector.length / 8));
  for (let i = 0; i < vector.length; i++) {
    if ((vector[i] as number) > 0) out[i >> 3] = (out[i >> 3] as number) | (0x80 >> (i & 7));
  }
  return out;
}

function checkRanges(
  ranges: CalibrationRanges | undefined,
  dimension: number,
  precision: EmbeddingPrecision,
): CalibrationRanges {
  if (ranges === undefined) {
    throw quantizationInvalid(`${precision} needs calibration ranges for this model`, { precision });
  }
  if (ranges.min.length !== dimension || ranges.max.length !== dimension) {
    throw quantizationInvalid(
      `calibration ranges cover ${ranges.min.length} dimensions, the vectors have ${dimension}`,
      { precision, dimension, rangeDimension: ranges.min.length },
    );
  }
  return ranges;
}
