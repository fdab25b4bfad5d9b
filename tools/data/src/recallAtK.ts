/** Scores a query against a document: higher is more similar. */
export type Similarity<T> = (query: T, document: T) => number;

/**
 * Fraction of queries whose relevant document is among the `k` highest-scoring documents. Ties are
 * broken against the relevant document (a document scoring the same counts as ranked above it), so a
 * degenerate scorer cannot look good.
 */
export function recallAtK<T>(
  queries: readonly T[],
  documents: readonly T[],
  relevant: readonly number[],
  k: number,
  similarity: Similarity<T>,
): number {
  let found = 0;
  queries.forEach((query, q) => {
    const target = relevant[q] as number;
    const targetScore = similarity(query, documents[target] as T);
    let above = 0;
    for (let d = 0; d < documents.length && above < k; d++) {
      if (d !== target && similarity(query, documents[d] as T) >= targetScore) above++;
    }
    if (above < k) found++;
  });
  return found / queries.length;
}

/** Dot product (cosine for unit vectors; also int8 codes scored as they are). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, byte) => {
  let bits = 0;
  for (let b = byte; b > 0; b >>= 1) bits += b & 1;
  return bits;
});

/** Minus the Hamming distance between packed bit vectors (int8 or uint8 bytes), so higher is more similar. */
export function negativeHamming(a: Int8Array | Uint8Array, b: Int8Array | Uint8Array): number {
  let distance = 0;
  for (let i = 0; i < a.length; i++)
    distance += POPCOUNT[((a[i] as number) ^ (b[i] as number)) & 0xff] as number;
  return -distance;
}
