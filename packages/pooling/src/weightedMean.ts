import { shapeMismatch } from './errors.js';

/**
 * The weighted mean of vectors, e.g. of a long text's window embeddings weighted by their token
 * counts: with mean pooling this is the mean over every token of every window. Returns a new vector
 * (not normalised). Throws `INFERENCE_FAILED` on no vectors, mixed lengths, or weights that are not
 * positive and finite.
 *
 * @example
 * const text = weightedMean(windowVectors, windows.map((w) => w.tokenCount));
 */
export function weightedMean(vectors: readonly Float32Array[], weights: readonly number[]): Float32Array {
  const dim = vectors[0]?.length;
  if (dim === undefined || vectors.length !== weights.length) {
    throw shapeMismatch('weightedMean needs one weight per vector and at least one vector', {
      vectors: vectors.length,
      weights: weights.length,
    });
  }
  const sums = new Float64Array(dim);
  let total = 0;
  vectors.forEach((vector, row) => {
    const weight = weights[row] as number;
    if (vector.length !== dim || !(weight > 0) || !Number.isFinite(weight)) {
      throw shapeMismatch('weightedMean got a vector of another length or a weight that is not positive', {
        row,
        length: vector.length,
        expected: dim,
        weight,
      });
    }
    total += weight;
    for (let i = 0; i < dim; i++) sums[i] = (sums[i] as number) + weight * (vector[i] as number);
  });
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = (sums[i] as number) / total;
  return out;
}
