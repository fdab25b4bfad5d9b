import { cosineSimilarity } from '@akidb/embedding-provider';

/** Least cosine between corresponding vectors of two lists (same texts, two implementations). */
export function minCosine(ours: readonly ArrayLike<number>[], theirs: readonly ArrayLike<number>[]): number {
  if (ours.length !== theirs.length || ours.length === 0) {
    throw new Error(
      `expected two equal, non-empty lists of vectors, got ${ours.length} and ${theirs.length}`,
    );
  }
  let least = 1;
  for (let i = 0; i < ours.length; i++)
    least = Math.min(least, cosineSimilarity(ours[i] as ArrayLike<number>, theirs[i] as ArrayLike<number>));
  return least;
}

/**
 * Mean of token vectors over the attention mask, then L2-normalised: sentence-transformers'
 * pooling, used to check the bare session's raw output against ours.
 */
export function meanPoolNormalize(
  hidden: Float32Array,
  mask: BigInt64Array,
  batchSize: number,
  seqLength: number,
  dimension: number,
): Float32Array[] {
  const vectors: Float32Array[] = [];
  for (let row = 0; row < batchSize; row++) {
    const vector = new Float32Array(dimension);
    let count = 0;
    for (let t = 0; t < seqLength; t++) {
      if (mask[row * seqLength + t] === 0n) continue;
      count++;
      const offset = (row * seqLength + t) * dimension;
      for (let d = 0; d < dimension; d++) vector[d] = (vector[d] as number) + (hidden[offset + d] as number);
    }
    let norm = 0;
    for (let d = 0; d < dimension; d++) norm += ((vector[d] as number) / count) ** 2;
    const scale = 1 / (count * Math.sqrt(norm) || 1);
    for (let d = 0; d < dimension; d++) vector[d] = (vector[d] as number) * scale;
    vectors.push(vector);
  }
  return vectors;
}
