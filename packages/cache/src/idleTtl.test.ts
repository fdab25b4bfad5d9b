import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createModelCache } from './createModelCache.js';
import { fakeLoader, touch } from './testFakes.js';
import type { CacheEvent } from './types.js';

describe('createModelCache idle TTL', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('unloads a model unused for idleTtlMs, and not a moment before', async () => {
    const loader = fakeLoader({ a: 10 });
    const events: CacheEvent[] = [];
    const cache = createModelCache({ load: loader.load, idleTtlMs: 1000, onEvent: (e) => events.push(e) });
    await touch(cache, 'a');
    await vi.advanceTimersByTimeAsync(999);
    expect(cache.isLoaded('a')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(cache.isLoaded('a')).toBe(false);
    expect(loader.latest('a').disposeCalls).toBe(1);
    expect(events.find((e) => e.type === 'evict')).toMatchObject({ id: 'a', reason: 'ttl' });
  });

  it('restarts the idle clock on every use and never expires a leased model', async () => {
    const loader = fakeLoader({ a: 10 });
    const cache = createModelCache({ load: loader.load, idleTtlMs: 1000 });
    await touch(cache, 'a');
    await vi.advanceTimersByTimeAsync(800);
    const lease = await cache.acquire('a');
    await vi.advanceTimersByTimeAsync(5000);
    expect(cache.isLoaded('a')).toBe(true);
    lease.release();
    await vi.advanceTimersByTimeAsync(999);
    expect(cache.isLoaded('a')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(cache.isLoaded('a')).toBe(false);
  });

  it('never expires a pinned model', async () => {
    const loader = fakeLoader({ a: 10, b: 10 });
    const cache = createModelCache({ load: loader.load, idleTtlMs: 1000, pinned: ['a'] });
    await touch(cache, 'a', 'b');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cache.loadedIds()).toEqual(['a']);
  });

  it('records lastUsed from the clock', async () => {
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const loader = fakeLoader({ a: 10 });
    const cache = createModelCache({ load: loader.load });
    await touch(cache, 'a');
    await vi.advanceTimersByTimeAsync(5000);
    const lease = await cache.acquire('a');
    expect(cache.stats().models[0]?.lastUsed).toBe(Date.parse('2025-01-01T00:00:05Z'));
    lease.release();
  });
});
