import type { AkidbError, EmbeddingProvider } from '@akidb/core';

/**
 * Why a model left the cache: `'lru'` (too many models), `'budget'` (too many bytes), `'ttl'` (idle too
 * long), `'manual'` ({@link ModelCache.evict}) or `'close'` ({@link ModelCache.close}).
 */
export type EvictionReason = 'lru' | 'budget' | 'ttl' | 'manual' | 'close';

/** Something that happened in the cache; one event per counter increment, for metrics exporters. */
export type CacheEvent =
  | { type: 'hit'; id: string }
  | { type: 'miss'; id: string }
  | { type: 'load'; id: string; durationMs: number; bytes: number }
  | { type: 'load_error'; id: string; durationMs: number; error: AkidbError }
  | { type: 'evict'; id: string; reason: EvictionReason; bytes: number; refs: number }
  | { type: 'dispose'; id: string; bytes: number; error?: unknown };

/** The `type` of a {@link CacheEvent}. */
export type CacheEventType = CacheEvent['type'];

/** The {@link CacheEvent} variant with the given `type`. */
export type CacheEventOf<T extends CacheEventType> = Extract<CacheEvent, { type: T }>;

/** Options of {@link createModelCache}. */
export interface ModelCacheOptions<P extends EmbeddingProvider> {
  /** Loads a model (the injected factory). `signal` aborts when the cache is closed. */
  load: (id: string, signal: AbortSignal) => Promise<P>;
  /** At most this many models are loaded at once (default 64). */
  maxModels?: number;
  /** Memory budget in bytes for loaded models (default: unlimited). */
  maxBytes?: number;
  /** Resident size of a loaded model (default `provider.modelInfo().memoryBytes`). */
  sizeOf?: (id: string, provider: P) => number;
  /** Size expected before loading (e.g. from the manifest); lets a too-large model fail fast. */
  estimateSize?: (id: string) => number | undefined;
  /** Models never evicted by LRU, budget or TTL (e.g. the default model). */
  pinned?: readonly string[];
  /** Unload an unpinned model nobody has used for this long (timers are unref'd). */
  idleTtlMs?: number;
  /** Receives every event; listener errors are ignored. */
  onEvent?: (event: CacheEvent) => void;
}

/** A loaded model held for the duration of some work; it is not disposed before `release()`. */
export interface Lease<P extends EmbeddingProvider> {
  readonly provider: P;
  /** The id the model was acquired under. */
  readonly id: string;
  /** Gives the model back; calling it again does nothing. */
  release(): void;
}

/** Options of {@link ModelCache.acquire}. */
export interface AcquireOptions {
  /** Stop waiting for a load (rejects with `CANCELLED`); the shared load itself carries on. */
  signal?: AbortSignal;
}

/** One model held in memory. */
export interface CachedModelStats {
  id: string;
  bytes: number;
  /** Leases not yet released. */
  refs: number;
  pinned: boolean;
  /** Epoch milliseconds of the last acquire or release. */
  lastUsed: number;
  /** `'draining'`: evicted, waiting for its leases to be released before it is disposed. */
  state: 'ready' | 'draining';
}

/** Counters (monotonic) and gauges of a {@link ModelCache}. */
export interface CacheStats {
  /** Acquires served by a loaded model (including a draining one taken back). */
  hits: number;
  /** Acquires that found no loaded model (each joins or starts a load). */
  misses: number;
  /** Successful loads (concurrent acquires of a cold model share one). */
  loads: number;
  /** Failed loads, including models rejected as too large. */
  loadFailures: number;
  evictions: number;
  disposals: number;
  /** Bytes of the loaded (ready) models; never above `maxBytes`. */
  bytes: number;
  /** Bytes of evicted models still leased or being disposed. */
  drainingBytes: number;
  /** Loads in progress. */
  loading: number;
  /** Ready models from most to least recently used, then draining ones. */
  models: CachedModelStats[];
}

/** An LRU cache of loaded embedding providers under a model-count and memory budget. */
export interface ModelCache<P extends EmbeddingProvider> {
  /** Leases a model, loading it once however many callers ask at the same time. */
  acquire(id: string, options?: AcquireOptions): Promise<Lease<P>>;
  /** Acquires `id`, runs `fn` with it and always releases it. */
  use<T>(id: string, fn: (provider: P, id: string) => Promise<T> | T, options?: AcquireOptions): Promise<T>;
  /** True when `id` is loaded and ready (not loading, not draining). */
  isLoaded(id: string): boolean;
  /** The provider of a ready model, without leasing it or touching LRU order (for listings). */
  peek(id: string): P | undefined;
  /** Ids of the ready models, most recently used first. */
  loadedIds(): string[];
  /**
   * Evicts `id` even when pinned; resolves `true` once it is disposed (after its leases are released), or
   * `false` when it was not loaded. The next acquire loads a fresh copy.
   */
  evict(id: string): Promise<boolean>;
  stats(): CacheStats;
  /** Subscribes to one event type; returns the unsubscribe function. */
  on<T extends CacheEventType>(type: T, listener: (event: CacheEventOf<T>) => void): () => void;
  /** Refuses new acquires (`DISPOSED`), then disposes every model once its leases are released. */
  close(): Promise<void>;
}
