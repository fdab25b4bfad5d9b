import { isAkidbError } from '@akidb/core';
import { describe, expect, it } from 'vitest';
import { createModelCache } from './createModelCache.js';
import { fakeLoader, settle, touch } from './testFakes.js';
import type { CacheEvent } from './types.js';

describe('createModelCache eviction', () => {
  it('evicts and disposes the least recently used model when maxModels is exceeded', async () => {
    const loader = fakeLoader({ a: 10, b: 10, c: 10 });
    const events: CacheEvent[] = [];
    const cache = createModelCache({ load: loader.load, maxModels: 2, onEvent: (e) => events.push(e) });
    await touch(cache, 'a', 'b', 'c');
    await settle();
    expect(cache.loadedIds()).toEqual(['c', 'b']);
    expect(cache.isLoaded('a')).toBe(false);
    expect(loader.latest('a').disposeCalls).toBe(1);
    expect(loader.latest('b').disposeCalls).toBe(0);
    expect(events.filter((e) => e.type === 'evict')).toEqual([
      { type: 'evict', id: 'a', reason: 'lru', bytes: 10, refs: 0 },
    ]);
  });

  it('counts an acquire as use: the model touched last survives', async () => {
    const loader = fakeLoader({ a: 10, b: 10, c: 10 });
    const cache = createModelCache({ load: loader.load, maxModels: 2 });
    await touch(cache, 'a', 'b', 'a', 'c');
    await settle();
    expect(cache.loadedIds()).toEqual(['c', 'a']);
    expect(loader.latest('b').disposeCalls).toBe(1);
    expect(loader.latest('a').disposeCalls).toBe(0);
  });

  it('keeps the bytes of ready models within maxBytes, evicting by budget', async () => {
    const loader = fakeLoader({ a: 100, b: 100, c: 100 });
    const events: CacheEvent[] = [];
    const cache = createModelCache({ load: loader.load, maxBytes: 250, onEvent: (e) => events.push(e) });
    await touch(cache, 'a', 'b');
    expect(cache.stats().bytes).toBe(200);
    await touch(cache, 'c');
    await settle();
    expect(cache.loadedIds()).toEqual(['c', 'b']);
    expect(cache.stats().bytes).toBe(200);
    expect(loader.latest('a').disposeCalls).toBe(1);
    expect(events.find((e) => e.type === 'evict')).toMatchObject({ id: 'a', reason: 'budget' });
  });

  it('evicts as many models as it takes to fit a big one', async () => {
    const loader = fakeLoader({ a: 100, b: 100, c: 100, big: 250 });
    const cache = createModelCache({ load: loader.load, maxBytes: 300 });
    await touch(cache, 'a', 'b', 'c', 'big');
    await settle();
    expect(cache.loadedIds()).toEqual(['big']);
    expect(cache.stats().evictions).toBe(3);
  });

  it('never evicts a pinned model, however old', async () => {
    const loader = fakeLoader({ a: 10, b: 10, c: 10, d: 10 });
    const cache = createModelCache({ load: loader.load, maxModels: 2, pinned: ['a'] });
    await touch(cache, 'a', 'b', 'c', 'd');
    await settle();
    expect(cache.loadedIds()).toEqual(['d', 'a']);
    expect(loader.latest('a').disposeCalls).toBe(0);
    expect(cache.stats().models.find((m) => m.id === 'a')?.pinned).toBe(true);
  });

  it('rejects a model whose estimate exceeds the budget before loading it, evicting nothing', async () => {
    const loader = fakeLoader({ a: 100, b: 100, huge: 1000 });
    const sizes: Record<string, number> = { huge: 1000 };
    const cache = createModelCache({ load: loader.load, maxBytes: 500, estimateSize: (id) => sizes[id] });
    await touch(cache, 'a', 'b');
    const error = await cache.acquire('huge').catch((e: unknown) => e);
    expect(isAkidbError(error, 'MODEL_TOO_LARGE')).toBe(true);
    expect(isAkidbError(error) && error.details).toMatchObject({ required: 1000, budget: 500 });
    expect(loader.calls).toEqual(['a', 'b']);
    expect(cache.loadedIds()).toEqual(['b', 'a']);
    expect(cache.stats().evictions).toBe(0);
  });

  it('counts pinned models against what a new model may use', async () => {
    const loader = fakeLoader({ base: 300, other: 300 });
    const cache = createModelCache({
      load: loader.load,
      maxBytes: 500,
      pinned: ['base'],
      estimateSize: () => 300,
    });
    await touch(cache, 'base');
    const error = await cache.acquire('other').catch((e: unknown) => e);
    expect(isAkidbError(error, 'MODEL_TOO_LARGE') && error.details).toMatchObject({ available: 200 });
    expect(cache.loadedIds()).toEqual(['base']);
  });

  it('disposes a model that turns out too large after loading and keeps the others', async () => {
    const loader = fakeLoader({ a: 100, huge: 1000 });
    const cache = createModelCache({ load: loader.load, maxBytes: 500 });
    await touch(cache, 'a');
    const error = await cache.acquire('huge').catch((e: unknown) => e);
    await settle();
    expect(isAkidbError(error, 'MODEL_TOO_LARGE')).toBe(true);
    expect(loader.latest('huge').disposeCalls).toBe(1);
    expect(cache.loadedIds()).toEqual(['a']);
    expect(cache.stats()).toMatchObject({ loadFailures: 1, evictions: 0, bytes: 100 });
  });

  it('refuses an unpinned model when every slot holds a pinned one', async () => {
    const loader = fakeLoader({ a: 1, b: 1 });
    const cache = createModelCache({ load: loader.load, maxModels: 1, pinned: ['a'] });
    await touch(cache, 'a');
    await expect(cache.acquire('b')).rejects.toMatchObject({ code: 'OVERLOADED' });
    expect(loader.calls).toEqual(['a']);
  });

  it('evict() removes even a pinned model and the next acquire loads a fresh copy', async () => {
    const loader = fakeLoader({ a: 1 });
    const cache = createModelCache({ load: loader.load, pinned: ['a'] });
    await touch(cache, 'a');
    const first = loader.latest('a');
    expect(await cache.evict('a')).toBe(true);
    expect(first.disposeCalls).toBe(1);
    expect(await cache.evict('a')).toBe(false);
    await touch(cache, 'a');
    expect(loader.latest('a')).not.toBe(first);
  });

  it('evicts nothing for a load that fails, so a broken model cannot push out a working one', async () => {
    const loader = fakeLoader({ a: 10 });
    const cache = createModelCache({ load: loader.load, maxModels: 1, maxBytes: 10, estimateSize: () => 10 });
    await touch(cache, 'a');
    await expect(cache.acquire('broken')).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    expect(cache.loadedIds()).toEqual(['a']);
    expect(cache.stats().evictions).toBe(0);
  });
});
