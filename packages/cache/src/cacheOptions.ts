import type { EmbeddingProvider } from '@akidb/core';
import { invalidOption, invalidSize } from './errors.js';
import type { Budget } from './evictionPlan.js';
import type { ModelCacheOptions } from './types.js';

/** `maxModels` when none is given. */
export const DEFAULT_MAX_MODELS = 64;

/** Largest `maxModels` accepted (the LRU index allocates its slots up front). */
export const MAX_MODELS_LIMIT = 1024;

/** Checked limits of a cache: counts, bytes, pins and the idle TTL. */
export interface CacheSettings {
  budget: Budget;
  pinned: ReadonlySet<string>;
  idleTtlMs: number | undefined;
}

/** Validates the numeric options of {@link ModelCacheOptions}; throws `INPUT_INVALID`. */
export function readSettings<P extends EmbeddingProvider>(options: ModelCacheOptions<P>): CacheSettings {
  const maxModels = options.maxModels ?? DEFAULT_MAX_MODELS;
  if (!Number.isInteger(maxModels) || maxModels < 1 || maxModels > MAX_MODELS_LIMIT) {
    throw invalidOption('maxModels', maxModels, `an integer from 1 to ${MAX_MODELS_LIMIT}`);
  }
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  if (!(maxBytes > 0)) throw invalidOption('maxBytes', maxBytes, 'a positive number');
  const pinned = new Set(options.pinned ?? []);
  if (pinned.size > maxModels) {
    throw invalidOption('pinned', [...pinned].join(', '), `at most maxModels (${maxModels}) ids`);
  }
  const { idleTtlMs } = options;
  if (idleTtlMs !== undefined && !(idleTtlMs > 0 && Number.isFinite(idleTtlMs))) {
    throw invalidOption('idleTtlMs', idleTtlMs, 'a positive finite number of milliseconds');
  }
  return { budget: { maxModels, maxBytes }, pinned, idleTtlMs };
}

/** The resident size of a loaded provider: `sizeOf` when given, else `modelInfo().memoryBytes`. */
export function measureProvider<P extends EmbeddingProvider>(
  id: string,
  provider: P,
  sizeOf: ((id: string, provider: P) => number) | undefined,
): number {
  const size = sizeOf ? sizeOf(id, provider) : provider.modelInfo().memoryBytes;
  if (typeof size !== 'number' || !Number.isFinite(size) || size < 0) throw invalidSize(id, size);
  return size;
}
