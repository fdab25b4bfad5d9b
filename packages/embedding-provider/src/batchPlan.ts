import type { EncodedText } from '@akidb/core';

/** One inference call: the positions (in the caller's order) of the inputs it carries. */
export interface PlannedBatch {
  readonly indices: readonly number[];
  /** Longest input in the batch: every row is padded to it. */
  readonly seqLength: number;
}

/**
 * Groups inputs into batches of at most `maxBatchSize`, longest first, so each batch pads to a
 * length close to all of its rows. Returns positions into `inputs`; results are put back in order
 * by the caller.
 *
 * @example
 * for (const batch of planBatches(encoded, 32)) run(batch.indices.map((i) => encoded[i]));
 */
export function planBatches(inputs: readonly EncodedText[], maxBatchSize: number): PlannedBatch[] {
  const order = inputs.map((_, index) => index);
  order.sort((a, b) => tokenCountAt(inputs, b) - tokenCountAt(inputs, a) || a - b);
  const batches: PlannedBatch[] = [];
  for (let start = 0; start < order.length; start += maxBatchSize) {
    const indices = order.slice(start, start + maxBatchSize);
    batches.push({ indices, seqLength: tokenCountAt(inputs, indices[0] ?? 0) });
  }
  return batches;
}

/** Total tokens fed to the model, padding included, if `inputs` were run as `batches`. */
export function paddedTokenCount(batches: readonly PlannedBatch[]): number {
  let total = 0;
  for (const batch of batches) total += batch.seqLength * batch.indices.length;
  return total;
}

function tokenCountAt(inputs: readonly EncodedText[], index: number): number {
  return inputs[index]?.tokenCount ?? 0;
}
