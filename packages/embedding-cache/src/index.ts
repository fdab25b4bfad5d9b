export type { CacheScope } from './cacheKey.js';
export { cacheKey, cacheScopeDigest } from './cacheKey.js';
export type {
  CachedEmbedding,
  CacheLookup,
  EmbeddingCache,
  EmbeddingCacheOptions,
  EmbeddingCacheStats,
  EmbeddingCacheStoreOptions,
} from './cacheTypes.js';
export { createEmbeddingCache } from './createEmbeddingCache.js';
export type { FingerprintFile } from './modelFingerprint.js';
export { modelFingerprint } from './modelFingerprint.js';
