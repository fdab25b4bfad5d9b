import { AkidbError, isAkidbError } from '@akidb/core';
import { describe, expect, it } from 'vitest';
import { createRouter } from './createRouter.js';
import { fakeCatalog, fakePool, fakeProvider, summary } from './testFakes.js';

const models = [summary('minilm', ['all-minilm-l6-v2', 'default-small']), summary('e5-base', ['e5'])];
const healthyPool = () =>
  fakePool({ minilm: async () => fakeProvider('minilm'), 'e5-base': async () => fakeProvider('e5-base') });

describe('createRouter', () => {
  it('embeds with the default model when the request names none and reports its canonical id', async () => {
    const pool = healthyPool();
    const router = createRouter({ catalog: fakeCatalog(models), pool, defaultModel: 'default-small' });
    const result = await router.embed({ texts: ['a', 'b'] });
    expect(result.model).toBe('minilm');
    expect(result.embeddings).toHaveLength(2);
    expect(pool.acquired).toEqual(['minilm']);
    expect(pool.released).toEqual(['minilm']);
  });

  it("falls back to the catalog's default when the router has none", async () => {
    const router = createRouter({ catalog: fakeCatalog(models, 'e5-base'), pool: healthyPool() });
    expect((await router.embed({ texts: ['x'] })).model).toBe('e5-base');
    expect(router.resolveModelId()).toBe('e5-base');
  });

  it('resolves aliases through the catalog', async () => {
    const pool = healthyPool();
    const router = createRouter({ catalog: fakeCatalog(models), pool, defaultModel: 'minilm' });
    const result = await router.embed({ model: 'e5', texts: ['x'] });
    expect(result.model).toBe('e5-base');
    expect(result.embeddings[0]?.[0]).toBe('e5-base'.length);
    expect(pool.acquired).toEqual(['e5-base']);
  });

  it('passes embed options to the provider and the signal to the pool', async () => {
    const seen: unknown[] = [];
    const provider = fakeProvider('minilm', {
      embed: async (texts, options) => {
        seen.push(options);
        return fakeProvider('minilm').embed(texts);
      },
    });
    const pool = fakePool({ minilm: async () => provider });
    const router = createRouter({ catalog: fakeCatalog(models), pool, defaultModel: 'minilm' });
    const signal = new AbortController().signal;
    await router.embed({ texts: ['x'], normalize: false, dimensions: 1, signal });
    expect(seen).toEqual([{ normalize: false, dimensions: 1, signal }]);
    expect(pool.signals).toEqual([signal]);
  });

  it.each([false, true])(
    'rejects an unknown model with MODEL_NOT_FOUND listing the available ids (lenient catalog: %s)',
    async (lenient) => {
      const pool = healthyPool();
      const router = createRouter({ catalog: fakeCatalog(models, 'minilm', lenient), pool });
      const error = await router.embed({ model: 'gpt-embed', texts: ['x'] }).catch((e: unknown) => e);
      expect(isAkidbError(error, 'MODEL_NOT_FOUND')).toBe(true);
      expect(isAkidbError(error) && error.details).toEqual({
        requested: 'gpt-embed',
        available: ['minilm', 'e5-base'],
      });
      expect(pool.acquired).toEqual([]);
    },
  );

  it('says so when no model is requested and there is no default', () => {
    const router = createRouter({ catalog: fakeCatalog(models, undefined, true), pool: healthyPool() });
    expect(() => router.resolveModelId()).toThrow(
      expect.objectContaining({
        code: 'MODEL_NOT_FOUND',
        details: { requested: null, available: ['minilm', 'e5-base'] },
      }),
    );
  });

  it('always releases the lease, even when the provider throws', async () => {
    const failure = new AkidbError('INPUT_TOO_LONG', 'too long');
    const pool = fakePool({
      minilm: async () =>
        fakeProvider('minilm', {
          embed: async () => {
            throw failure;
          },
        }),
    });
    const router = createRouter({ catalog: fakeCatalog(models), pool, defaultModel: 'minilm' });
    await expect(router.embed({ texts: ['x'] })).rejects.toBe(failure);
    await expect(router.withModel('minilm', async () => Promise.reject(new Error('fn')))).rejects.toThrow(
      'fn',
    );
    expect(pool.acquired).toEqual(['minilm', 'minilm']);
    expect(pool.released).toEqual(['minilm', 'minilm']);
  });

  it('reports a model that fails to load as MODEL_LOAD_FAILED and keeps serving the others', async () => {
    const cause = new Error('onnx: invalid graph');
    const pool = fakePool({
      minilm: async () => {
        throw cause;
      },
      'e5-base': async () => fakeProvider('e5-base'),
    });
    const router = createRouter({ catalog: fakeCatalog(models), pool, defaultModel: 'minilm' });
    const error = await router.embed({ texts: ['x'] }).catch((e: unknown) => e);
    expect(isAkidbError(error, 'MODEL_LOAD_FAILED')).toBe(true);
    expect(error instanceof Error && error.cause).toBe(cause);
    expect((await router.embed({ model: 'e5', texts: ['x'] })).model).toBe('e5-base');
    expect(pool.released).toEqual(['e5-base']);
  });

  it('passes AkidbErrors from the pool through unchanged', async () => {
    const tooLarge = new AkidbError('MODEL_TOO_LARGE', 'too large');
    const pool = fakePool({
      minilm: async () => {
        throw tooLarge;
      },
    });
    const router = createRouter({ catalog: fakeCatalog(models), pool, defaultModel: 'minilm' });
    await expect(router.embed({ texts: ['x'] })).rejects.toBe(tooLarge);
  });

  it('embeds token ids through the resolved model, and refuses texts and token ids together', async () => {
    const pool = healthyPool();
    const router = createRouter({ catalog: fakeCatalog(models), pool, defaultModel: 'minilm' });
    const result = await router.embed({
      model: 'e5',
      tokenIds: [
        [101, 7, 102],
        [101, 102],
      ],
    });
    expect(result.model).toBe('e5-base');
    expect(result.embeddings).toHaveLength(2);
    const both = await router.embed({ texts: ['x'], tokenIds: [[1]] }).catch((e: unknown) => e);
    expect(isAkidbError(both, 'INPUT_INVALID')).toBe(true);
    const neither = await router.embed({}).catch((e: unknown) => e);
    expect(isAkidbError(neither, 'INPUT_INVALID')).toBe(true);
    expect(pool.released).toEqual(['e5-base']);
  });

  it('withModel hands the provider and canonical id to any function', async () => {
    const router = createRouter({
      catalog: fakeCatalog(models),
      pool: healthyPool(),
      defaultModel: 'minilm',
    });
    const result = await router.withModel('all-minilm-l6-v2', async (provider, id) => {
      const [encoded] = await provider.tokenize(['abc']);
      return { id, providerId: provider.id, tokens: encoded?.tokenCount };
    });
    expect(result).toEqual({ id: 'minilm', providerId: 'minilm', tokens: 3 });
  });
});
