import type { PoolingStrategy } from '@akidb/core';
import { unknownStrategy } from './errors.js';
import { maxPool } from './maxPool.js';
import { meanPool } from './meanPool.js';
import type { TokenEmbeddings } from './poolShape.js';
import { clsPool, lastTokenPool } from './tokenPool.js';

const POOLERS: Record<PoolingStrategy, typeof meanPool> = {
  mean: meanPool,
  cls: clsPool,
  last: lastTokenPool,
  max: maxPool,
};

/**
 * Pools token embeddings `[batch, seq, hidden]` into one vector per row with the model's strategy.
 * An unknown strategy name (possible at runtime from a manifest) is `INFERENCE_FAILED`.
 *
 * @example
 * const pooled = pool('mean', output.data, { batchSize, seqLength, hiddenSize: 384, attentionMask });
 * const first = pooled.subarray(0, 384);
 */
export function pool(
  strategy: PoolingStrategy,
  hidden: Float32Array,
  shape: TokenEmbeddings,
  out?: Float32Array,
): Float32Array {
  const pooler = Object.hasOwn(POOLERS, strategy) ? POOLERS[strategy] : undefined;
  if (pooler === undefined) throw unknownStrategy(String(strategy));
  return pooler(hidden, shape, out);
}
