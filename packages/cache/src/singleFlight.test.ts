import { AkidbError, isAkidbError } from '@akidb/core';
import { describe, expect, it } from 'vitest';
import { createModelCache } from './createModelCache.js';
import type { FakeProvider } from './testFakes.js';
import { controlled, fakeLoader, fakeProvider, settle } from './testFakes.js';

describe('createModelCache single-flight loading', () => {
  it('loads a cold model once for 50 concurrent acquires and leases it to all of them', async () => {
    const gate = controlled<FakeProvider>();
    const calls: string[] = [];
    const cache = createModelCache({
      load: (id) => {
        calls.push(id);
        return gate.promise;
      },
    });
    const acquires = Array.from({ length: 50 }, () => cache.acquire('a'));
    await settle();
    expect(cache.stats().loading).toBe(1);
    const provider = fakeProvider('a', 10);
    gate.resolve(provider);
    const leases = await Promise.all(acquires);
    expect(calls).toEqual(['a']);
    expect(leases.every((lease) => lease.provider === provider && lease.id === 'a')).toBe(true);
    expect(cache.stats()).toMatchObject({ loads: 1, misses: 50, hits: 0, loading: 0 });
    expect(cache.stats().models[0]?.refs).toBe(50);
    for (const lease of leases) lease.release();
    expect(cache.stats().models[0]?.refs).toBe(0);
  });

  it('rejects every waiter of a failed load with MODEL_LOAD_FAILED, caches nothing and retries next time', async () => {
    let attempt = 0;
    const cause = new Error('corrupt weights');
    const loader = fakeLoader({ a: 10, b: 10 });
    const cache = createModelCache({
      load: async (id, signal) => {
        if (id === 'a' && attempt++ === 0) throw cause;
        return loader.load(id, signal);
      },
    });
    const results = await Promise.allSettled([cache.acquire('a'), cache.acquire('a'), cache.acquire('b')]);
    const [first, second, other] = results;
    for (const result of [first, second]) {
      expect(result?.status).toBe('rejected');
      const reason: unknown = result?.status === 'rejected' ? result.reason : undefined;
      expect(isAkidbError(reason, 'MODEL_LOAD_FAILED')).toBe(true);
      expect(reason instanceof Error && reason.cause).toBe(cause);
    }
    expect(other?.status).toBe('fulfilled');
    expect(cache.isLoaded('a')).toBe(false);
    expect(cache.isLoaded('b')).toBe(true);
    expect(cache.stats()).toMatchObject({ loadFailures: 1, loads: 1 });

    const lease = await cache.acquire('a');
    expect(lease.provider.id).toBe('a');
    expect(attempt).toBe(2);
    expect(cache.stats()).toMatchObject({ loadFailures: 1, loads: 2 });
  });

  it('passes AkidbErrors from the loader through unchanged', async () => {
    const notFound = new AkidbError('MODEL_NOT_FOUND', 'no such model');
    const cache = createModelCache({
      load: async () => {
        throw notFound;
      },
    });
    await expect(cache.acquire('x')).rejects.toBe(notFound);
  });

  it('lets a waiter give up with its signal while the shared load carries on', async () => {
    const gate = controlled<FakeProvider>();
    const cache = createModelCache({ load: () => gate.promise });
    const controller = new AbortController();
    const quitter = cache.acquire('a', { signal: controller.signal });
    const stayer = cache.acquire('a');
    controller.abort();
    await expect(quitter).rejects.toMatchObject({ code: 'CANCELLED' });
    gate.resolve(fakeProvider('a', 1));
    const lease = await stayer;
    expect(cache.stats().models[0]?.refs).toBe(1);
    lease.release();
    await expect(cache.acquire('a', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('keeps a model loaded when every waiter gave up', async () => {
    const gate = controlled<FakeProvider>();
    const cache = createModelCache({ load: () => gate.promise });
    const controller = new AbortController();
    const quitter = cache.acquire('a', { signal: controller.signal });
    controller.abort();
    await expect(quitter).rejects.toMatchObject({ code: 'CANCELLED' });
    gate.resolve(fakeProvider('a', 1));
    await settle();
    expect(cache.isLoaded('a')).toBe(true);
    expect(cache.stats().models[0]?.refs).toBe(0);
  });

  it('use() releases the lease even when the function throws', async () => {
    const loader = fakeLoader({ a: 1 });
    const cache = createModelCache({ load: loader.load });
    await expect(
      cache.use('a', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(cache.stats().models[0]?.refs).toBe(0);
    expect(await cache.use('a', (provider, id) => `${provider.id}/${id}`)).toBe('a/a');
  });

  it('ignores a second release of the same lease', async () => {
    const loader = fakeLoader({ a: 1 });
    const cache = createModelCache({ load: loader.load });
    const first = await cache.acquire('a');
    const second = await cache.acquire('a');
    first.release();
    first.release();
    expect(cache.stats().models[0]?.refs).toBe(1);
    second.release();
    expect(cache.stats().models[0]?.refs).toBe(0);
  });
});
