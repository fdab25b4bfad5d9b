import { describe, expect, it } from 'vitest';
import { createRouter } from './createRouter.js';
import { fakeCatalog, fakePool, fakeProvider, summary } from './testFakes.js';

describe('EmbeddingRouter.listModels', () => {
  it('merges the loaded state from the pool and marks the default model', async () => {
    const models = [
      summary('minilm', ['small']),
      summary('e5-base', [], { state: 'downloadable', memoryBytes: 400 }),
      summary('broken', [], { state: 'unavailable', reason: 'checksum mismatch' }),
    ];
    const pool = fakePool({ minilm: async () => fakeProvider('minilm') });
    const router = createRouter({ catalog: fakeCatalog(models), pool, defaultModel: 'small' });
    expect(router.listModels().map((model) => model.loaded)).toEqual([false, false, false]);

    await router.embed({ texts: ['x'] });
    const listed = router.listModels();
    expect(listed.map(({ id, loaded, isDefault }) => ({ id, loaded, isDefault }))).toEqual([
      { id: 'minilm', loaded: true, isDefault: true },
      { id: 'e5-base', loaded: false, isDefault: false },
      { id: 'broken', loaded: false, isDefault: false },
    ]);
    expect(listed[1]).toEqual({ ...models[1], loaded: false, isDefault: false });
    expect(listed[2]?.reason).toBe('checksum mismatch');
    expect(listed[0]).not.toHaveProperty('reason');
    expect(listed[0]?.executionProvider).toBe('cpu');
    expect(listed[1]).not.toHaveProperty('executionProvider');
  });

  it('lists models with no default marked when none resolves', () => {
    const router = createRouter({
      catalog: fakeCatalog([summary('a')], undefined, true),
      pool: fakePool({}),
    });
    expect(router.listModels()).toEqual([{ ...summary('a'), loaded: false, isDefault: false }]);
  });
});
