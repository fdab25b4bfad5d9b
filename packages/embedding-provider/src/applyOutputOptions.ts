import { l2Normalize } from '@akidb/pooling';
import { dimensionsInvalid } from './errors.js';

/** Output options applied after pooling. */
export interface OutputOptions {
  normalize?: boolean;
  dimensions?: number;
}

/**
 * Applies `dimensions` (Matryoshka: keep the first N components) and L2 normalisation to pooled
 * vectors, in place where possible. With both, the truncated vector is renormalised.
 * A batcher can pool once with `normalize: false` and apply each request's own options here.
 *
 * @example
 * const vectors = applyOutputOptions(result.embeddings, { normalize: true, dimensions: 128 });
 */
export function applyOutputOptions(vectors: Float32Array[], options: OutputOptions): Float32Array[] {
  const dimension = vectors[0]?.length ?? 0;
  let out = vectors;
  if (options.dimensions !== undefined && options.dimensions !== dimension) {
    checkDimensions(options.dimensions, dimension);
    const keep = options.dimensions;
    out = vectors.map((vector) => vector.slice(0, keep));
  }
  if (options.normalize ?? true) {
    for (const vector of out) l2Normalize(vector, 1, vector.length);
  }
  return out;
}

/** Throws `DIMENSIONS_INVALID` unless `requested` is an integer in 1..`max`. */
export function checkDimensions(requested: unknown, max: number): void {
  if (typeof requested !== 'number' || !Number.isInteger(requested) || requested < 1 || requested > max) {
    throw dimensionsInvalid(requested, max);
  }
}
