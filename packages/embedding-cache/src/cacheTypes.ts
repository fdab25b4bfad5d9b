/** What the cache holds per text: its vector and what computing it took. */
export interface CachedEmbedding {
  vector: Float32Array;
  /** Tokens the model ran for the text (all windows of a long input), for usage accounting. */
  tokens: number;
  /** Windows the text was embedded in (1 unless it was a long input embedded in chunks). */
  chunks: number;
}

/** Options of {@link createEmbeddingCache}. */
export interface EmbeddingCacheOptions {
  /** Byte budget of the in-memory LRU (vectors plus keys); `0` keeps nothing in memory. Default 256 MiB. */
  maxMemoryBytes?: number;
  /** A persistent store on disk (LMDB); none by default. */
  store?: EmbeddingCacheStoreOptions;
  /** Told about damage found in the store and repaired; default `process.emitWarning`. */
  onWarning?: (message: string, details: Record<string, unknown>) => void;
}

/** Where and how big the on-disk store is. */
export interface EmbeddingCacheStoreOptions {
  /** Directory of the store; created when missing. */
  path: string;
  /** Stop adding entries once the store file reaches about this many bytes (default: no limit). */
  maxBytes?: number;
  /** Read every entry at open, in a child process, to catch a damaged file before use (default true). */
  verifyOnOpen?: boolean;
}

/** Counters since the cache was created, e.g. for Prometheus. */
export interface EmbeddingCacheStats {
  /** Lookups answered from memory or the store. */
  hits: number;
  /** Lookups answered by neither. */
  misses: number;
  /** Of the hits, those answered by the store (then copied to memory). */
  storeHits: number;
  /** Vectors put into the cache. */
  writes: number;
  /** Entries the memory LRU dropped to stay under its budget. */
  evictions: number;
  /** Damaged values found in the store (deleted, never served). */
  corrupt: number;
  memoryEntries: number;
  memoryBytes: number;
  storeEntries: number;
  /** Approximate size of the store file. */
  storeBytes: number;
}

/** The result of looking up the texts of one request. */
export interface CacheLookup {
  /** The key of each text, in input order. */
  keys: string[];
  /** The cached entry of each text (its vector a copy the caller owns), or `undefined` on a miss. */
  entries: (CachedEmbedding | undefined)[];
  /** Positions of the texts that missed, in input order. */
  missing: number[];
}

/** A cache of computed embeddings; see {@link createEmbeddingCache}. */
export interface EmbeddingCache {
  /** One entry by key (its vector a copy), or `undefined`. Counts a hit or a miss. */
  get(key: string): CachedEmbedding | undefined;
  /** Stores a copy of `entry` under `key`, in memory and in the store. */
  set(key: string, entry: CachedEmbedding): void;
  /** Looks up every text of a request under one scope digest (see `cacheScopeDigest`). */
  lookup(scopeDigest: string, texts: readonly string[]): CacheLookup;
  stats(): EmbeddingCacheStats;
  /** Resolves when every write is on disk. */
  flushed(): Promise<void>;
  /** Empties memory and the store. */
  clear(): Promise<void>;
  /** Writes what is queued and closes the store; later calls miss and store nothing. */
  close(): Promise<void>;
}
