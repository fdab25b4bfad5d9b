import type { AkidbError, EmbeddingProvider } from '@akidb/core';
import type { EvictionReason, Lease } from './types.js';

/** A promise with its resolve function at hand. */
export interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}

/** Creates a {@link Deferred}. */
export function createDeferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** One loaded provider and its bookkeeping. */
export interface ModelEntry<P extends EmbeddingProvider> {
  readonly id: string;
  readonly provider: P;
  readonly bytes: number;
  readonly pinned: boolean;
  refs: number;
  lastUsed: number;
  state: 'ready' | 'draining' | 'disposed';
  /** Set once evicted; `'manual'` and `'close'` evictions are never taken back. */
  evictReason: EvictionReason | undefined;
  /** True once `dispose()` has started. */
  disposing: boolean;
  /** Resolves when the provider has been disposed; created at eviction. */
  gone: Deferred | undefined;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
}

/** Someone waiting for a load in flight. */
export interface Waiter<P extends EmbeddingProvider> {
  resolve(lease: Lease<P>): void;
  reject(error: AkidbError): void;
}

/** A load in progress and everyone waiting for it. */
export interface Flight<P extends EmbeddingProvider> {
  readonly id: string;
  readonly waiters: Set<Waiter<P>>;
}

/** Wraps an entry whose ref count was already taken in a lease whose `release` runs once. */
export function createLease<P extends EmbeddingProvider>(
  entry: ModelEntry<P>,
  onRelease: (entry: ModelEntry<P>) => void,
): Lease<P> {
  let released = false;
  return {
    provider: entry.provider,
    id: entry.id,
    release() {
      if (released) return;
      released = true;
      onRelease(entry);
    },
  };
}

/** Registers a waiter on `flight`; an aborted `signal` removes it and rejects with `onAbort()`. */
export function waitForFlight<P extends EmbeddingProvider>(
  flight: Flight<P>,
  signal: AbortSignal | undefined,
  onAbort: (reason: unknown) => AkidbError,
): Promise<Lease<P>> {
  return new Promise<Lease<P>>((resolve, reject) => {
    const abort = (): void => {
      if (flight.waiters.delete(waiter)) reject(onAbort(signal?.reason));
    };
    const waiter: Waiter<P> = {
      resolve(lease) {
        signal?.removeEventListener('abort', abort);
        resolve(lease);
      },
      reject(error) {
        signal?.removeEventListener('abort', abort);
        reject(error);
      },
    };
    flight.waiters.add(waiter);
    signal?.addEventListener('abort', abort, { once: true });
  });
}
