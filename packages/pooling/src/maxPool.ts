import { checkShape, pooledBuffer, type TokenEmbeddings } from './poolShape.js';

/**
 * Mask-aware max: per component, the largest value over each row's real tokens. Padded positions
 * are excluded. A row with no real token stays zero.
 */
export function maxPool(hidden: Float32Array, shape: TokenEmbeddings, out?: Float32Array): Float32Array {
  checkShape(hidden, shape, out);
  const { batchSize, seqLength, hiddenSize, attentionMask } = shape;
  const pooled = pooledBuffer(shape, out);
  for (let row = 0; row < batchSize; row++) {
    const target = row * hiddenSize;
    let seen = false;
    for (let position = 0; position < seqLength; position++) {
      if (attentionMask[row * seqLength + position] === 0n) continue;
      const source = (row * seqLength + position) * hiddenSize;
      if (!seen) {
        pooled.set(hidden.subarray(source, source + hiddenSize), target);
        seen = true;
        continue;
      }
      for (let k = 0; k < hiddenSize; k++) {
        const value = hidden[source + k] as number;
        if (value > (pooled[target + k] as number)) pooled[target + k] = value;
      }
    }
  }
  return pooled;
}
