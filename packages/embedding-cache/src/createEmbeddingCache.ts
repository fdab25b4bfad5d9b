import { LRUCache } from 'lru-cache';
import { cacheKey } from './cacheKey.js';
import type {
  CachedEmbedding,
  CacheLookup,
  EmbeddingCache,
  EmbeddingCacheOptions,
  EmbeddingCacheStats,
} from './cacheTypes.js';
import { cacheOptionInvalid } from './errors.js';
import { LmdbVectorStore } from './lmdbVectorStore.js';

const DEFAULT_MAX_MEMORY_BYTES = 256 * 1024 * 1024;
/** Map entry, key string and object headers, counted against the memory budget with each vector. */
const ENTRY_OVERHEAD_BYTES = 160;

/**
 * An embedding cache: an in-memory LRU under a byte budget in front of an optional LMDB store on disk.
 * Keys come from `cacheScopeDigest` + `cacheKey`, which carry the model's content fingerprint, so a new
 * model revision never reads vectors of the old one. Vectors go in and come out as copies.
 *
 * @example
 * const cache = await createEmbeddingCache({ maxMemoryBytes: 64 << 20, store: { path: '/var/cache/akidb' } });
 * const scope = cacheScopeDigest({ model, fingerprint, prompt: '', maxTokens: 256, truncate: true,
 *   truncationDirection: 'right', longInput: 'error', normalize: true, dimensions: null });
 * const { keys, vectors, missing } = cache.lookup(scope, texts);
 */
export async function createEmbeddingCache(options: EmbeddingCacheOptions = {}): Promise<EmbeddingCache> {
  const maxMemoryBytes = options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
  if (!Number.isSafeInteger(maxMemoryBytes) || maxMemoryBytes < 0) {
    throw cacheOptionInvalid('maxMemoryBytes must be a whole number of bytes >= 0', { maxMemoryBytes });
  }
  const storeOptions = options.store;
  if (storeOptions !== undefined && storeOptions.path.trim() === '') {
    throw cacheOptionInvalid('store.path must not be empty', {});
  }
  const warn = options.onWarning ?? defaultWarn;
  const counters = { hits: 0, misses: 0, storeHits: 0, writes: 0, evictions: 0, corrupt: 0 };
  const memory =
    maxMemoryBytes === 0
      ? undefined
      : new LRUCache<string, CachedEmbedding>({
          maxSize: maxMemoryBytes,
          sizeCalculation: (entry) => entry.vector.byteLength + ENTRY_OVERHEAD_BYTES,
          dispose: (_entry, _key, reason) => {
            if (reason === 'evict') counters.evictions++;
          },
        });
  let store =
    storeOptions === undefined
      ? undefined
      : await LmdbVectorStore.open({
          path: storeOptions.path,
          warn,
          ...(storeOptions.maxBytes === undefined ? {} : { maxBytes: storeOptions.maxBytes }),
          ...(storeOptions.verifyOnOpen === undefined ? {} : { verifyOnOpen: storeOptions.verifyOnOpen }),
        });
  let closed = false;

  const get = (key: string): CachedEmbedding | undefined => {
    const inMemory = closed ? undefined : memory?.get(key);
    if (inMemory !== undefined) {
      counters.hits++;
      return copy(inMemory);
    }
    const read = closed || store === undefined ? undefined : store.get(key);
    if (read?.kind === 'hit') {
      counters.hits++;
      counters.storeHits++;
      memory?.set(key, read.entry);
      return copy(read.entry);
    }
    if (read?.kind === 'corrupt') counters.corrupt++;
    counters.misses++;
    return undefined;
  };

  const set = (key: string, entry: CachedEmbedding): void => {
    if (closed) return;
    counters.writes++;
    memory?.set(key, copy(entry));
    store?.put(key, entry);
  };

  return {
    get,
    set,
    lookup: (scopeDigest, texts): CacheLookup => {
      const keys = texts.map((text) => cacheKey(scopeDigest, text));
      const entries = keys.map(get);
      const missing: number[] = [];
      for (const [index, entry] of entries.entries()) if (entry === undefined) missing.push(index);
      return { keys, entries, missing };
    },
    stats: (): EmbeddingCacheStats => ({
      ...counters,
      memoryEntries: memory?.size ?? 0,
      memoryBytes: memory?.calculatedSize ?? 0,
      storeEntries: store?.entries ?? 0,
      storeBytes: store?.bytes ?? 0,
    }),
    flushed: async () => {
      await store?.flushed();
    },
    clear: async () => {
      memory?.clear();
      await store?.clear();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      memory?.clear();
      const open = store;
      store = undefined;
      await open?.close();
    },
  };
}

function copy(entry: CachedEmbedding): CachedEmbedding {
  return { vector: entry.vector.slice(), tokens: entry.tokens, chunks: entry.chunks };
}

function defaultWarn(message: string): void {
  process.emitWarning(message, { code: 'AKIDB_EMBEDDING_CACHE' });
}
