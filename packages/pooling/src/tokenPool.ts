import { checkShape, pooledBuffer, type TokenEmbeddings } from './poolShape.js';

/**
 * CLS pooling: each row's first real token (position 0 under right padding; the first unmasked
 * position under left padding).
 */
export function clsPool(hidden: Float32Array, shape: TokenEmbeddings, out?: Float32Array): Float32Array {
  return copyTokenPerRow(hidden, shape, out, firstRealPosition);
}

/**
 * Last-token pooling (Qwen3-style embedders): each row's LAST REAL token. Under right padding that
 * is position `length - 1`, not `seqLength - 1` (which would be a pad); under left padding it is
 * `seqLength - 1`. Both are found from the mask, so either padding side is correct.
 */
export function lastTokenPool(
  hidden: Float32Array,
  shape: TokenEmbeddings,
  out?: Float32Array,
): Float32Array {
  return copyTokenPerRow(hidden, shape, out, lastRealPosition);
}

type PositionFinder = (mask: BigInt64Array, offset: number, seqLength: number) => number;

function copyTokenPerRow(
  hidden: Float32Array,
  shape: TokenEmbeddings,
  out: Float32Array | undefined,
  find: PositionFinder,
): Float32Array {
  checkShape(hidden, shape, out);
  const { batchSize, seqLength, hiddenSize, attentionMask } = shape;
  const pooled = pooledBuffer(shape, out);
  for (let row = 0; row < batchSize; row++) {
    const position = find(attentionMask, row * seqLength, seqLength);
    if (position < 0) continue;
    const source = (row * seqLength + position) * hiddenSize;
    pooled.set(hidden.subarray(source, source + hiddenSize), row * hiddenSize);
  }
  return pooled;
}

function firstRealPosition(mask: BigInt64Array, offset: number, seqLength: number): number {
  for (let position = 0; position < seqLength; position++)
    if (mask[offset + position] !== 0n) return position;
  return -1;
}

function lastRealPosition(mask: BigInt64Array, offset: number, seqLength: number): number {
  for (let position = seqLength - 1; position >= 0; position--)
    if (mask[offset + position] !== 0n) return position;
  return -1;
}
