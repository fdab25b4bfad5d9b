import { checkVectors } from './poolShape.js';

/**
 * Scales each of `rows` vectors of length `dim` in `vectors` to unit L2 norm, in place. A zero
 * vector stays zero (never NaN). Throws `INFERENCE_FAILED` unless `vectors` is `rows * dim` long.
 *
 * @example
 * l2Normalize(pooled, batchSize, 384);
 */
export function l2Normalize(vectors: Float32Array, rows: number, dim: number): Float32Array {
  checkVectors(vectors, rows, dim);
  for (let row = 0; row < rows; row++) {
    const start = row * dim;
    let sum = 0;
    for (let k = 0; k < dim; k++) {
      const value = vectors[start + k] as number;
      sum += value * value;
    }
    if (sum === 0) continue;
    const scale = 1 / Math.sqrt(sum);
    for (let k = 0; k < dim; k++) vectors[start + k] = (vectors[start + k] as number) * scale;
  }
  return vectors;
}
