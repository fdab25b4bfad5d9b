import { AkidbError } from '@akidb/core';

/**
 * Cosine similarity of two vectors of equal length (0 when either is all zeros); vectors of different
 * lengths are an `INPUT_INVALID` error.
 *
 * @example
 * cosineSimilarity(query, passage); // 1 for the same direction, 0 for orthogonal
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new AkidbError(
      'INPUT_INVALID',
      `cosineSimilarity of vectors of length ${a.length} and ${b.length}`,
      {
        details: { lengths: [a.length, b.length] },
      },
    );
  }
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
