import type { EmbeddingProvider } from '@akidb/core';
import { modelLoadFailure } from '@akidb/core';
import { LRUCache } from 'lru-cache';
import { measureProvider, readSettings } from './cacheOptions.js';
import { acquireCancelled, cacheClosed } from './errors.js';
import { createEventHub } from './eventHub.js';
import { assertFits, planEviction } from './evictionPlan.js';
import type { Flight, ModelEntry } from './modelEntry.js';
import { createDeferred, createLease, waitForFlight } from './modelEntry.js';
import type {
  AcquireOptions,
  CachedModelStats,
  EvictionReason,
  Lease,
  ModelCache,
  ModelCacheOptions,
} from './types.js';

/**
 * Creates an LRU cache of loaded providers under a model-count and memory budget. Concurrent acquires of a
 * cold model share one `load`; an evicted model that is still leased is disposed only after its last release
 * (its bytes are reported as `drainingBytes` meanwhile).
 *
 * @example
 * const cache = createModelCache({ load: (id) => loadOnnxModel(id), maxBytes: 2 ** 30, pinned: ['minilm'] });
 * const result = await cache.use('minilm', (provider) => provider.embed(['hello']));
 */
export function createModelCache<P extends EmbeddingProvider>(options: ModelCacheOptions<P>): ModelCache<P> {
  const { budget, pinned, idleTtlMs } = readSettings(options);
  const ready = new LRUCache<string, ModelEntry<P>>({ max: budget.maxModels });
  const draining = new Map<string, ModelEntry<P>>();
  const flights = new Map<string, Flight<P>>();
  const pending = new Set<Promise<void>>();
  const counters = { hits: 0, misses: 0, loads: 0, loadFailures: 0, evictions: 0, disposals: 0 };
  const events = createEventHub(options.onEvent);
  const closeController = new AbortController();
  let closing: Promise<void> | undefined;

  /** Keeps `work` (which never rejects) visible to `close()` until it settles. */
  const track = (work: Promise<void>): void => {
    pending.add(work);
    const forget = (): void => {
      pending.delete(work);
    };
    work.then(forget, forget);
  };

  const take = (entry: ModelEntry<P>): Lease<P> => {
    entry.refs += 1;
    entry.lastUsed = Date.now();
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    return createLease(entry, release);
  };

  function release(entry: ModelEntry<P>): void {
    entry.refs -= 1;
    entry.lastUsed = Date.now();
    if (entry.refs > 0) return;
    if (entry.state === 'draining') startDispose(entry);
    else if (entry.state === 'ready') scheduleIdle(entry);
  }

  function scheduleIdle(entry: ModelEntry<P>): void {
    if (idleTtlMs === undefined || entry.pinned || closing) return;
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = undefined;
      if (entry.state === 'ready' && entry.refs === 0) evictEntry(entry, 'ttl');
    }, idleTtlMs);
    entry.idleTimer.unref();
  }

  function evictEntry(entry: ModelEntry<P>, reason: EvictionReason): void {
    ready.delete(entry.id);
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    entry.state = 'draining';
    entry.evictReason = reason;
    entry.gone = createDeferred();
    draining.set(entry.id, entry);
    counters.evictions += 1;
    events.emit({ type: 'evict', id: entry.id, reason, bytes: entry.bytes, refs: entry.refs });
    if (entry.refs === 0) startDispose(entry);
  }

  function startDispose(entry: ModelEntry<P>): void {
    if (entry.disposing) return;
    entry.disposing = true;
    track(disposeEntry(entry));
  }

  async function disposeEntry(entry: ModelEntry<P>): Promise<void> {
    let error: unknown;
    try {
      await entry.provider.dispose();
    } catch (cause) {
      error = cause ?? new Error('dispose() rejected');
    }
    entry.state = 'disposed';
    if (draining.get(entry.id) === entry) draining.delete(entry.id);
    counters.disposals += 1;
    const event = { type: 'dispose', id: entry.id, bytes: entry.bytes } as const;
    events.emit(error === undefined ? event : { ...event, error });
    entry.gone?.resolve();
  }

  /** Makes room for `bytes` more (evicting LRU unpinned models), or throws before evicting anything. */
  function admit(id: string, bytes: number): void {
    assertFits(budget, ready.values(), id, bytes);
    const lruFirst = [...ready.rvalues()].filter((entry) => entry !== undefined);
    for (const { entry, reason } of planEviction(budget, lruFirst, id, bytes)) evictEntry(entry, reason);
  }

  /** Takes a draining model back instead of loading a second copy (not after `evict()` or `close()`). */
  function reclaim(entry: ModelEntry<P>): boolean {
    if (entry.disposing || entry.evictReason === 'manual' || entry.evictReason === 'close') return false;
    try {
      admit(entry.id, entry.bytes);
    } catch {
      return false;
    }
    draining.delete(entry.id);
    entry.state = 'ready';
    entry.evictReason = undefined;
    entry.gone = undefined;
    ready.set(entry.id, entry);
    return true;
  }

  function hit(entry: ModelEntry<P>): Lease<P> {
    counters.hits += 1;
    events.emit({ type: 'hit', id: entry.id });
    return take(entry);
  }

  async function runFlight(flight: Flight<P>): Promise<void> {
    const { id } = flight;
    let started = performance.now();
    let provider: P | undefined;
    try {
      // A copy evicted by `evict()` is disposed before a fresh one loads: never two copies of one model.
      await draining.get(id)?.gone?.promise;
      if (closing) throw cacheClosed(id);
      // Fail fast, evicting nothing: others are evicted only once this model has actually loaded.
      assertFits(budget, ready.values(), id, options.estimateSize?.(id) ?? 0);
      started = performance.now();
      try {
        provider = await options.load(id, closeController.signal);
      } catch (cause) {
        throw modelLoadFailure(id, cause);
      }
      if (closing) throw cacheClosed(id);
      const bytes = measureProvider(id, provider, options.sizeOf);
      admit(id, bytes);
      const entry: ModelEntry<P> = {
        id,
        provider,
        bytes,
        pinned: pinned.has(id),
        refs: 0,
        lastUsed: Date.now(),
        state: 'ready',
        evictReason: undefined,
        disposing: false,
        gone: undefined,
        idleTimer: undefined,
      };
      ready.set(id, entry);
      flights.delete(id);
      counters.loads += 1;
      events.emit({ type: 'load', id, durationMs: performance.now() - started, bytes });
      for (const waiter of flight.waiters) waiter.resolve(take(entry));
      flight.waiters.clear();
      if (entry.refs === 0) scheduleIdle(entry);
    } catch (cause) {
      flights.delete(id);
      const error = modelLoadFailure(id, cause);
      if (!closing) {
        counters.loadFailures += 1;
        events.emit({ type: 'load_error', id, durationMs: performance.now() - started, error });
      }
      for (const waiter of flight.waiters) waiter.reject(error);
      flight.waiters.clear();
      // Loaded but refused (too large, or the cache closed meanwhile): it was never handed out.
      try {
        await provider?.dispose();
      } catch {
        // Nobody holds it; the waiters already have the error that matters.
      }
    }
  }

  async function acquire(id: string, acquireOptions: AcquireOptions = {}): Promise<Lease<P>> {
    const { signal } = acquireOptions;
    if (closing) throw cacheClosed(id);
    if (signal?.aborted) throw acquireCancelled(id, signal.reason);
    const entry = ready.get(id);
    if (entry) return hit(entry);
    const previous = draining.get(id);
    if (previous && !flights.has(id) && reclaim(previous)) return hit(previous);
    counters.misses += 1;
    events.emit({ type: 'miss', id });
    const joined = flights.get(id);
    if (joined) return waitForFlight(joined, signal, (reason) => acquireCancelled(id, reason));
    const flight: Flight<P> = { id, waiters: new Set() };
    flights.set(id, flight);
    const leased = waitForFlight(flight, signal, (reason) => acquireCancelled(id, reason));
    track(runFlight(flight));
    return leased;
  }

  async function closeAll(): Promise<void> {
    while (pending.size > 0 || draining.size > 0) {
      const gone = [...draining.values()].map((entry) => entry.gone?.promise);
      await Promise.all([...pending, ...gone]);
    }
  }

  const describe = (entry: ModelEntry<P>, state: CachedModelStats['state']): CachedModelStats => {
    const { id, bytes, refs, pinned: isPinned, lastUsed } = entry;
    return { id, bytes, refs, pinned: isPinned, lastUsed, state };
  };

  return {
    acquire,
    async use(id, fn, useOptions) {
      const lease = await acquire(id, useOptions);
      try {
        return await fn(lease.provider, lease.id);
      } finally {
        lease.release();
      }
    },
    isLoaded: (id) => ready.has(id),
    peek: (id) => ready.peek(id)?.provider,
    loadedIds: () => [...ready.keys()],
    async evict(id) {
      const entry = ready.peek(id);
      if (!entry) {
        const drained = draining.get(id);
        if (drained && drained.evictReason !== 'close') drained.evictReason = 'manual';
        return false;
      }
      evictEntry(entry, 'manual');
      await entry.gone?.promise;
      return true;
    },
    stats() {
      const models: CachedModelStats[] = [];
      let bytes = 0;
      let drainingBytes = 0;
      for (const entry of ready.values()) {
        bytes += entry.bytes;
        models.push(describe(entry, 'ready'));
      }
      for (const entry of draining.values()) {
        drainingBytes += entry.bytes;
        models.push(describe(entry, 'draining'));
      }
      return { ...counters, bytes, drainingBytes, loading: flights.size, models };
    },
    on: (type, listener) => events.on(type, listener),
    close() {
      if (closing) return closing;
      closeController.abort(cacheClosed());
      for (const flight of flights.values()) {
        for (const waiter of flight.waiters) waiter.reject(cacheClosed(flight.id));
        flight.waiters.clear();
      }
      for (const entry of [...ready.values()]) evictEntry(entry, 'close');
      closing = closeAll();
      return closing;
    },
  };
}
