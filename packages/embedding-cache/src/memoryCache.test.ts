import { describe, expect, it } from 'vitest';
import { cacheKey, cacheScopeDigest } from './cacheKey.js';
import type { CachedEmbedding } from './cacheTypes.js';
import { createEmbeddingCache } from './createEmbeddingCache.js';
import { modelFingerprint } from './modelFingerprint.js';

const vec = (seed: number, dim = 384): CachedEmbedding => ({
  vector: Float32Array.from({ length: dim }, (_, i) => seed + i),
  tokens: seed + 2,
  chunks: 1,
});
const scopeFor = (fingerprint: string) =>
  cacheScopeDigest({
    model: 'all-minilm-l6-v2',
    fingerprint,
    prompt: '',
    maxTokens: 256,
    truncate: true,
    truncationDirection: 'right',
    longInput: 'error',
    normalize: true,
    dimensions: null,
  });

describe('in-memory embedding cache', () => {
  it('counts hits and misses and returns what was stored', async () => {
    const cache = await createEmbeddingCache({ maxMemoryBytes: 1 << 20 });
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', vec(1));
    expect(cache.get('a')).toEqual(vec(1));
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, writes: 1, memoryEntries: 1, storeHits: 0 });
    await cache.close();
  });

  it('hands out copies: callers cannot change what is cached', async () => {
    const cache = await createEmbeddingCache({ maxMemoryBytes: 1 << 20 });
    const stored = vec(1);
    cache.set('a', stored);
    stored.vector.fill(0);
    const first = cache.get('a') as CachedEmbedding;
    first.vector.fill(-1);
    first.tokens = 0;
    expect(cache.get('a')).toEqual(vec(1));
    await cache.close();
  });

  it('stays under its byte budget, evicting the least recently used', async () => {
    const entryBytes = 384 * 4 + 160;
    const cache = await createEmbeddingCache({ maxMemoryBytes: entryBytes * 10 });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, vec(i));
    cache.get('k0'); // most recently used now
    for (let i = 10; i < 15; i++) cache.set(`k${i}`, vec(i));
    const stats = cache.stats();
    expect(stats.memoryBytes).toBeLessThanOrEqual(entryBytes * 10);
    expect(stats.memoryEntries).toBe(10);
    expect(stats.evictions).toBe(5);
    expect(cache.get('k0')).toEqual(vec(0));
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.get('k14')).toEqual(vec(14));
    await cache.close();
  });

  it('keeps nothing with a zero budget and no store', async () => {
    const cache = await createEmbeddingCache({ maxMemoryBytes: 0 });
    cache.set('a', vec(1));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.stats().memoryBytes).toBe(0);
    await cache.close();
  });

  it('lookup reports each text and the positions that missed', async () => {
    const cache = await createEmbeddingCache();
    const scope = scopeFor('fp');
    cache.set(cacheKey(scope, 'b'), vec(2));
    const { keys, entries, missing } = cache.lookup(scope, ['a', 'b', 'c', 'b']);
    expect(keys).toHaveLength(4);
    expect(keys[1]).toBe(keys[3]);
    expect(entries[1]).toEqual(vec(2));
    expect(entries[3]).toEqual(vec(2));
    expect(missing).toEqual([0, 2]);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2 });
    await cache.close();
  });

  it('misses the same text once a model file changed (new fingerprint)', async () => {
    const files = [
      { path: 'model.onnx', sha256: 'a'.repeat(64) },
      { path: 'tokenizer.json', sha256: 'b'.repeat(64) },
    ];
    const cache = await createEmbeddingCache();
    const before = scopeFor(modelFingerprint(files));
    cache.set(cacheKey(before, 'hello'), vec(1));
    expect(cache.lookup(before, ['hello']).missing).toEqual([]);
    const retrained = [{ ...files[0]!, sha256: 'c'.repeat(64) }, files[1]!];
    expect(cache.lookup(scopeFor(modelFingerprint(retrained)), ['hello']).missing).toEqual([0]);
    await cache.close();
  });

  it('refuses a negative budget and an empty store path', async () => {
    await expect(createEmbeddingCache({ maxMemoryBytes: -1 })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(createEmbeddingCache({ store: { path: ' ' } })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });

  it('misses and stores nothing after close', async () => {
    const cache = await createEmbeddingCache();
    cache.set('a', vec(1));
    await cache.close();
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', vec(2));
    expect(cache.stats().writes).toBe(1);
  });
});
