import { describe, expect, it } from 'vitest';
import { createModelCache } from './createModelCache.js';
import { fakeLoader, settle, touch } from './testFakes.js';
import type { CacheEvent } from './types.js';

describe('createModelCache stats and events', () => {
  it('counts hits, misses, loads, failures, evictions and disposals and emits one event for each', async () => {
    const loader = fakeLoader({ a: 10, b: 20 });
    const events: CacheEvent[] = [];
    const cache = createModelCache({ load: loader.load, maxModels: 1, onEvent: (e) => events.push(e) });
    await touch(cache, 'a', 'a', 'b');
    await expect(cache.acquire('missing')).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    await settle();
    const stats = cache.stats();
    expect(stats).toMatchObject({
      hits: 1,
      misses: 3,
      loads: 2,
      loadFailures: 1,
      evictions: 1,
      disposals: 1,
      bytes: 20,
      drainingBytes: 0,
      loading: 0,
    });
    expect(stats.models).toEqual([
      { id: 'b', bytes: 20, refs: 0, pinned: false, lastUsed: expect.any(Number), state: 'ready' },
    ]);
    const count = (type: CacheEvent['type']): number => events.filter((e) => e.type === type).length;
    expect([count('hit'), count('miss'), count('load'), count('load_error')]).toEqual([1, 3, 2, 1]);
    expect([count('evict'), count('dispose')]).toEqual([1, 1]);
    expect(events.find((e) => e.type === 'load' && e.id === 'b')).toMatchObject({
      bytes: 20,
      durationMs: expect.any(Number),
    });
    expect(events.find((e) => e.type === 'dispose')).toEqual({ type: 'dispose', id: 'a', bytes: 10 });
  });

  it('on() delivers only the chosen event type until unsubscribed', async () => {
    const loader = fakeLoader({ a: 1 });
    const cache = createModelCache({ load: loader.load });
    const hits: string[] = [];
    const off = cache.on('hit', (event) => hits.push(event.id));
    await touch(cache, 'a', 'a');
    off();
    await touch(cache, 'a');
    expect(hits).toEqual(['a']);
  });

  it('keeps working when a listener throws', async () => {
    const loader = fakeLoader({ a: 1 });
    const cache = createModelCache({
      load: loader.load,
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    cache.on('load', () => {
      throw new Error('listener bug');
    });
    const lease = await cache.acquire('a');
    expect(lease.provider.id).toBe('a');
    lease.release();
  });
});
