export { DEFAULT_MAX_MODELS, MAX_MODELS_LIMIT } from './cacheOptions.js';
export { createModelCache } from './createModelCache.js';
export type {
  AcquireOptions,
  CachedModelStats,
  CacheEvent,
  CacheEventOf,
  CacheEventType,
  CacheStats,
  EvictionReason,
  Lease,
  ModelCache,
  ModelCacheOptions,
} from './types.js';
