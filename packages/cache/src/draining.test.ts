import { describe, expect, it } from 'vitest';
import { createModelCache } from './createModelCache.js';
import type { FakeProvider } from './testFakes.js';
import { controlled, fakeLoader, fakeProvider, settle, touch } from './testFakes.js';

describe('createModelCache draining and close', () => {
  it('evicts a leased model from the map at once but disposes it only after its release', async () => {
    const loader = fakeLoader({ a: 100, b: 100 });
    const cache = createModelCache({ load: loader.load, maxBytes: 150 });
    const lease = await cache.acquire('a');
    await touch(cache, 'b');
    await settle();
    expect(cache.isLoaded('a')).toBe(false);
    expect(loader.latest('a').disposeCalls).toBe(0);
    expect(cache.stats()).toMatchObject({ bytes: 100, drainingBytes: 100 });
    expect(cache.stats().models).toContainEqual(
      expect.objectContaining({ id: 'a', state: 'draining', refs: 1 }),
    );

    await lease.provider.embed(['still usable']);
    loader.log.push('released:a');
    lease.release();
    await settle();
    expect(loader.latest('a').disposeCalls).toBe(1);
    expect(loader.log.slice(-2)).toEqual(['released:a', 'dispose:a']);
    expect(cache.stats()).toMatchObject({ bytes: 100, drainingBytes: 0, disposals: 1 });
  });

  it('takes a draining model back on the next acquire instead of loading a second copy', async () => {
    const loader = fakeLoader({ a: 10, b: 10 });
    const cache = createModelCache({ load: loader.load, maxModels: 1 });
    const held = await cache.acquire('a');
    await touch(cache, 'b');
    const again = await cache.acquire('a');
    expect(again.provider).toBe(held.provider);
    expect(loader.calls).toEqual(['a', 'b']);
    expect(cache.loadedIds()).toEqual(['a']);
    expect(cache.stats()).toMatchObject({ drainingBytes: 0, hits: 1 });
    held.release();
    again.release();
    await settle();
    expect(held.provider).toMatchObject({ disposeCalls: 0 });
    expect(loader.latest('b').disposeCalls).toBe(1);
  });

  it('after evict(), waits for the old copy to be disposed before loading a fresh one', async () => {
    const loader = fakeLoader({ a: 10 });
    const cache = createModelCache({ load: loader.load });
    const held = await cache.acquire('a');
    const evicted = cache.evict('a');
    const next = cache.acquire('a');
    await settle();
    expect(loader.calls).toEqual(['a']);
    held.release();
    const fresh = await next;
    expect(await evicted).toBe(true);
    expect(fresh.provider).not.toBe(held.provider);
    expect(loader.log).toEqual(['load:a', 'dispose:a', 'load:a']);
  });

  it('close() waits for leases, refuses new acquires and disposes everything once', async () => {
    const loader = fakeLoader({ a: 10, b: 10 });
    const cache = createModelCache({ load: loader.load, pinned: ['b'] });
    const lease = await cache.acquire('a');
    await touch(cache, 'b');
    let closed = false;
    const closing = cache.close().then(() => {
      closed = true;
    });
    await settle();
    expect(closed).toBe(false);
    expect(loader.latest('b').disposeCalls).toBe(1);
    expect(loader.latest('a').disposeCalls).toBe(0);
    await expect(cache.acquire('a')).rejects.toMatchObject({ code: 'DISPOSED' });
    lease.release();
    await closing;
    expect(loader.latest('a').disposeCalls).toBe(1);
    expect(cache.close()).toBe(cache.close());
    expect(cache.stats()).toMatchObject({ bytes: 0, drainingBytes: 0, disposals: 2 });
  });

  it('close() rejects waiters of a load in flight, aborts it and disposes what it returns', async () => {
    const gate = controlled<FakeProvider>();
    let seen: AbortSignal | undefined;
    const cache = createModelCache({
      load: (_id, signal) => {
        seen = signal;
        return gate.promise;
      },
    });
    const waiting = cache.acquire('a');
    await settle();
    const closing = cache.close();
    await expect(waiting).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(seen?.aborted).toBe(true);
    const late = fakeProvider('a', 1);
    gate.resolve(late);
    await closing;
    expect(late.disposeCalls).toBe(1);
    expect(cache.stats()).toMatchObject({ loads: 0, loadFailures: 0, bytes: 0 });
  });

  it('reports a failing dispose in the dispose event and still completes close()', async () => {
    const provider = fakeProvider('a', 1);
    const failure = new Error('native free failed');
    provider.dispose = async () => {
      throw failure;
    };
    const errors: unknown[] = [];
    const cache = createModelCache({ load: async () => provider });
    cache.on('dispose', (event) => errors.push(event.error));
    await touch(cache, 'a');
    await cache.close();
    expect(errors).toEqual([failure]);
  });
});
