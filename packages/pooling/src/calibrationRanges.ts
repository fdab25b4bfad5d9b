import { quantizationInvalid } from './errors.js';
import type { CalibrationRanges } from './quantizeEmbeddings.js';

/**
 * Per-dimension minimum and maximum over calibration embeddings: the ranges sentence-transformers'
 * `quantize_embeddings(..., calibration_embeddings=...)` uses for int8 and uint8.
 *
 * @example
 * const ranges = calibrationRanges(corpusEmbeddings); // { min: Float32Array(384), max: Float32Array(384) }
 */
export function calibrationRanges(vectors: readonly Float32Array[]): {
  min: Float32Array;
  max: Float32Array;
} {
  const first = vectors[0];
  if (first === undefined) throw quantizationInvalid('calibration needs at least one embedding', {});
  const min = Float32Array.from(first);
  const max = Float32Array.from(first);
  for (const vector of vectors) {
    if (vector.length !== first.length) {
      throw quantizationInvalid('calibration embeddings differ in dimension', {
        expected: first.length,
        got: vector.length,
      });
    }
    for (let i = 0; i < vector.length; i++) {
      const x = vector[i] as number;
      if (x < (min[i] as number)) min[i] = x;
      if (x > (max[i] as number)) max[i] = x;
    }
  }
  return { min, max } satisfies CalibrationRanges;
}

/**
 * Maps int8 codes back to the middle of their calibration step, e.g. to score int8 vectors by cosine
 * or to check what quantization lost.
 */
export function dequantizeInt8(codes: Int8Array, ranges: CalibrationRanges): Float32Array {
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const min = ranges.min[i] as number;
    const step = ((ranges.max[i] as number) - min) / 255 || 1;
    out[i] = min + ((codes[i] as number) + 128 + 0.5) * step;
  }
  return out;
}
