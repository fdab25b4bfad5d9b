import type { CacheEvent, CacheEventOf, CacheEventType } from './types.js';

/** Fans cache events out to `onEvent` and to `on(type)` subscribers. */
export interface EventHub {
  emit(event: CacheEvent): void;
  on<T extends CacheEventType>(type: T, listener: (event: CacheEventOf<T>) => void): () => void;
}

type AnyListener = (event: CacheEvent) => void;

/** A listener that throws must not break the cache operation that emitted the event. */
function callSafely(listener: AnyListener, event: CacheEvent): void {
  try {
    listener(event);
  } catch {
    // Observers cannot change what happened; their failures are theirs to report.
  }
}

/** Creates the event hub of one cache. */
export function createEventHub(onEvent: AnyListener | undefined): EventHub {
  const listeners = new Map<CacheEventType, Set<AnyListener>>();
  return {
    emit(event) {
      if (onEvent) callSafely(onEvent, event);
      const subscribed = listeners.get(event.type);
      if (!subscribed) return;
      for (const listener of [...subscribed]) callSafely(listener, event);
    },
    on(type, listener) {
      const wrapped: AnyListener = (event) => listener(event as CacheEventOf<typeof type>);
      let subscribed = listeners.get(type);
      if (!subscribed) {
        subscribed = new Set();
        listeners.set(type, subscribed);
      }
      subscribed.add(wrapped);
      return () => {
        subscribed.delete(wrapped);
      };
    },
  };
}
