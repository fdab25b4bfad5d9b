import type { EncodedText } from '@akidb/core';

/** Which inputs come first in {@link sortByLength}. */
export type LengthOrder = 'longest-first' | 'shortest-first';

/**
 * The permutation that orders `inputs` by token count, longest first by default; ties keep input
 * order (stable). Batching neighbours in this order pads each batch to a length close to all of its
 * rows. `order[k]` is the input index at sorted position `k`, so results computed in sorted order go
 * back with `results[order[k]] = sortedResults[k]` (or through {@link invertPermutation}).
 *
 * @example
 * const order = sortByLength(encoded);
 * const sorted = Array.from(order, (i) => encoded[i]);
 * const vectors = embedInBatches(sorted);
 * const inOrder = new Array(vectors.length);
 * order.forEach((inputIndex, k) => { inOrder[inputIndex] = vectors[k]; });
 */
export function sortByLength(
  inputs: readonly Pick<EncodedText, 'tokenCount'>[],
  order: LengthOrder = 'longest-first',
): Int32Array {
  const lengths = new Int32Array(inputs.length);
  for (let i = 0; i < inputs.length; i++)
    lengths[i] = (inputs[i] as Pick<EncodedText, 'tokenCount'>).tokenCount;
  const permutation = new Int32Array(inputs.length);
  for (let i = 0; i < permutation.length; i++) permutation[i] = i;
  const sign = order === 'longest-first' ? -1 : 1;
  // TypedArray#sort is stable; the index tie-break keeps that explicit.
  permutation.sort((a, b) => sign * ((lengths[a] as number) - (lengths[b] as number)) || a - b);
  return permutation;
}

/**
 * The inverse of a permutation: `inverse[order[k]] === k`, i.e. where each input landed in sorted
 * order.
 *
 * @example
 * const where = invertPermutation(sortByLength(encoded));
 * const vectorOfInput3 = sortedVectors[where[3]];
 */
export function invertPermutation(order: Int32Array): Int32Array {
  const inverse = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) inverse[order[k] as number] = k;
  return inverse;
}
