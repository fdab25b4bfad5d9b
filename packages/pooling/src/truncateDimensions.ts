import { dimensionsOutOfRange } from './errors.js';
import { l2Normalize } from './l2Normalize.js';
import { checkVectors } from './poolShape.js';

/**
 * Matryoshka truncation: keeps the first `newDim` components of each of `rows` vectors of length
 * `dim`, renormalising them when `renormalize` is true (the default). Returns a new packed buffer.
 *
 * @example
 * const small = truncateDimensions(pooled, batchSize, 768, 256);
 */
export function truncateDimensions(
  vectors: Float32Array,
  rows: number,
  dim: number,
  newDim: number,
  renormalize = true,
): Float32Array {
  checkVectors(vectors, rows, dim);
  if (!Number.isInteger(newDim) || newDim < 1 || newDim > dim) throw dimensionsOutOfRange(newDim, dim);
  const out = new Float32Array(rows * newDim);
  for (let row = 0; row < rows; row++) out.set(vectors.subarray(row * dim, row * dim + newDim), row * newDim);
  return renormalize ? l2Normalize(out, rows, newDim) : out;
}

/** Views of each row of a packed `[rows, dim]` buffer, without copying (`INFERENCE_FAILED` on a size mismatch). */
export function toRows(flat: Float32Array, rows: number, dim: number): Float32Array[] {
  checkVectors(flat, rows, dim);
  const views: Float32Array[] = new Array(rows);
  for (let row = 0; row < rows; row++) views[row] = flat.subarray(row * dim, (row + 1) * dim);
  return views;
}
