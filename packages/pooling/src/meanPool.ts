import { checkShape, pooledBuffer, type TokenEmbeddings } from './poolShape.js';

/**
 * Mask-aware mean: the average of each row's real-token vectors, as sentence-transformers does.
 * Padded positions never contribute, whatever they hold. A row with no real token stays zero.
 *
 * @example
 * const pooled = meanPool(output.data, { batchSize: 2, seqLength: 7, hiddenSize: 384, attentionMask });
 */
export function meanPool(hidden: Float32Array, shape: TokenEmbeddings, out?: Float32Array): Float32Array {
  checkShape(hidden, shape, out);
  const { batchSize, seqLength, hiddenSize, attentionMask } = shape;
  const pooled = pooledBuffer(shape, out);
  for (let row = 0; row < batchSize; row++) {
    const target = row * hiddenSize;
    let count = 0;
    for (let position = 0; position < seqLength; position++) {
      if (attentionMask[row * seqLength + position] === 0n) continue;
      count++;
      const source = (row * seqLength + position) * hiddenSize;
      for (let k = 0; k < hiddenSize; k++) {
        pooled[target + k] = (pooled[target + k] as number) + (hidden[source + k] as number);
      }
    }
    if (count > 1) {
      const scale = 1 / count;
      for (let k = 0; k < hiddenSize; k++) pooled[target + k] = (pooled[target + k] as number) * scale;
    }
  }
  return pooled;
}
