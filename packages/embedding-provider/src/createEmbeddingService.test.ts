import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cosineSimilarity } from '@akidb/pooling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddingService } from './createEmbeddingService.js';
import type { CacheEventInfo, EmbeddingService } from './serviceTypes.js';
import { createTestHome, type TestHome } from './testHome.js';
import { MANIFESTS_DIR, preparedModelDir } from './testModels.js';

// Manifest sizes: minilm 190 MB, minilm-int8 140 MB, paraphrase-L3 120 MB. 340 MB holds any two, not three.
const TWO_OF_THREE_MB = 340;
const SMALL = ['all-minilm-l6-v2', 'all-minilm-l6-v2-int8', 'paraphrase-minilm-l3-v2'] as const;

let testHome: TestHome;

beforeAll(async () => {
  testHome = await createTestHome([...SMALL, 'all-mpnet-base-v2']);
});

afterAll(async () => {
  await testHome.cleanup();
});

async function serviceWith(
  options: Parameters<typeof createEmbeddingService>[0] = {},
): Promise<{ service: EmbeddingService; events: CacheEventInfo[] }> {
  const events: CacheEventInfo[] = [];
  const service = await createEmbeddingService({
    manifestsDirs: [MANIFESTS_DIR],
    home: testHome.home,
    offline: true,
    session: { intraOpNumThreads: 2 },
    onCacheEvent: (event) => events.push(event),
    ...options,
  });
  return { service, events };
}

describe('createEmbeddingService with real models', () => {
  it('routes by id and alias, defaults to all-minilm-l6-v2, and lists model states', async () => {
    const { service } = await serviceWith();
    try {
      const byDefault = await service.embed({ texts: ['hello there'] });
      const byAlias = await service.embed({ model: 'minilm', texts: ['hello there'] });
      expect(byDefault.model).toBe('all-minilm-l6-v2');
      expect(byAlias.model).toBe('all-minilm-l6-v2');
      expect(
        cosineSimilarity(byDefault.embeddings[0] as Float32Array, byAlias.embeddings[0] as Float32Array),
      ).toBeGreaterThan(0.99999);
      const models = service.listModels();
      const byId = new Map(models.map((model) => [model.id, model]));
      expect(byId.get('all-minilm-l6-v2')).toMatchObject({
        state: 'installed',
        loaded: true,
        isDefault: true,
      });
      expect(byId.get('all-mpnet-base-v2')).toMatchObject({
        state: 'installed',
        loaded: false,
        dimension: 768,
      });
      // Converted on pull from the Hub, which an offline service cannot reach.
      expect(byId.get('qwen3-embedding-8b')?.state).toBe('unavailable');
    } finally {
      await service.close();
    }
  });

  it('under a budget for two of three models, evicts the least recently used and releases it', async () => {
    const { service, events } = await serviceWith({ memoryBudgetMB: TWO_OF_THREE_MB, pinDefault: false });
    try {
      await service.embed({ model: 'all-minilm-l6-v2', texts: ['one'] });
      await service.embed({ model: 'paraphrase-minilm-l3-v2', texts: ['two'] });
      await service.embed({ model: 'all-minilm-l6-v2', texts: ['one again'] }); // L3 is now least recent
      await service.embed({ model: 'all-minilm-l6-v2-int8', texts: ['three'] });
      const stats = service.cacheStats();
      expect([...stats.loaded].sort()).toEqual(['all-minilm-l6-v2', 'all-minilm-l6-v2-int8']);
      expect(stats.evictions).toBe(1);
      expect(stats.bytes).toBeLessThanOrEqual(TWO_OF_THREE_MB * 1024 * 1024);
      expect(events.filter((e) => e.type === 'evict').map((e) => e.model)).toEqual([
        'paraphrase-minilm-l3-v2',
      ]);
      await waitFor(() => events.some((e) => e.type === 'dispose'));
      expect(events.filter((e) => e.type === 'dispose').map((e) => e.model)).toEqual([
        'paraphrase-minilm-l3-v2',
      ]);
      // Evicted models come back on demand.
      const again = await service.embed({ model: 'paraphrase-minilm-l3-v2', texts: ['back'] });
      expect(again.embeddings[0]).toHaveLength(384);
    } finally {
      await service.close();
    }
  });

  it('gives memory back when a large model is evicted (RSS drops)', async () => {
    const { service } = await serviceWith({ maxModels: 1, pinDefault: false });
    try {
      const before = process.memoryUsage().rss;
      await service.embed({ model: 'all-mpnet-base-v2', texts: ['a large model, loaded'] });
      const loaded = process.memoryUsage().rss;
      await service.embed({ model: 'paraphrase-minilm-l3-v2', texts: ['a small one evicts it'] });
      await waitFor(() => service.cacheStats().drainingBytes === 0);
      const after = process.memoryUsage().rss;
      const grown = loaded - before;
      expect(grown).toBeGreaterThan(200 * 1024 * 1024);
      expect(after).toBeLessThan(loaded - grown / 2);
    } finally {
      await service.close();
    }
  });

  it('loads a cold model once for 50 concurrent requests', async () => {
    const { service, events } = await serviceWith();
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          service.embed({ model: 'all-minilm-l6-v2-int8', texts: [`q ${i}`] }),
        ),
      );
      expect(results.every((result) => result.model === 'all-minilm-l6-v2-int8')).toBe(true);
      expect(events.filter((e) => e.type === 'load' && e.model === 'all-minilm-l6-v2-int8')).toHaveLength(1);
    } finally {
      await service.close();
    }
  });

  it('finishes in-flight work on a model evicted under it, then releases it', async () => {
    const { service, events } = await serviceWith({ maxModels: 1, pinDefault: false });
    try {
      const texts = Array.from({ length: 480 }, (_, i) => `in-flight request text number ${i}`);
      await service.preload(['all-minilm-l6-v2']);
      const inFlight = service.embed({ model: 'all-minilm-l6-v2', texts });
      // Loading another model evicts this one while the first request still holds it.
      await service.embed({ model: 'paraphrase-minilm-l3-v2', texts: ['evict the first'] });
      expect(events.some((e) => e.type === 'evict' && e.model === 'all-minilm-l6-v2')).toBe(true);
      const disposedEarly = events.some((e) => e.type === 'dispose' && e.model === 'all-minilm-l6-v2');
      const result = await inFlight;
      expect(disposedEarly).toBe(false);
      expect(result.embeddings).toHaveLength(480);
      await waitFor(() => events.some((e) => e.type === 'dispose' && e.model === 'all-minilm-l6-v2'));
    } finally {
      await service.close();
    }
  });

  it('reports a corrupt model as MODEL_LOAD_FAILED and keeps serving the others', async () => {
    await testHome.addBrokenModel(
      'broken-onnx',
      'all-minilm-l6-v2',
      new TextEncoder().encode('not an onnx model'),
    );
    const real = await readFile(join(preparedModelDir('paraphrase-minilm-l3-v2'), 'model.onnx'));
    await testHome.addBrokenModel(
      'tampered',
      'paraphrase-minilm-l3-v2',
      real.subarray(0, real.length >> 1),
      false,
    );
    const { service } = await serviceWith();
    try {
      await expect(service.embed({ model: 'broken-onnx', texts: ['x'] })).rejects.toMatchObject({
        code: 'MODEL_LOAD_FAILED',
        details: { model: 'broken-onnx' },
      });
      await expect(service.embed({ model: 'tampered', texts: ['x'] })).rejects.toMatchObject({
        code: 'MODEL_LOAD_FAILED',
        details: { model: 'tampered', reason: 'CHECKSUM_MISMATCH' },
      });
      const ok = await service.embed({ model: 'all-minilm-l6-v2', texts: ['still fine'] });
      expect(ok.embeddings[0]).toHaveLength(384);
      // A failed load is not cached: it fails again, cleanly.
      await expect(service.embed({ model: 'broken-onnx', texts: ['x'] })).rejects.toMatchObject({
        code: 'MODEL_LOAD_FAILED',
      });
    } finally {
      await service.close();
    }
  });

  it('tokenizes and decodes with the model, refusing ids outside its vocabulary', async () => {
    const { service } = await serviceWith({ limits: { maxInputs: 2 } });
    try {
      const { model, results } = await service.tokenize({ texts: ['hello world'] });
      expect(model).toBe('all-minilm-l6-v2');
      expect(results[0]).toMatchObject({
        ids: [101, 7592, 2088, 102],
        tokens: ['[CLS]', 'hello', 'world', '[SEP]'],
      });
      const decoded = await service.decode({ ids: [[101, 7592, 2088, 102]], skipSpecialTokens: true });
      expect(decoded.texts).toEqual(['hello world']);
      for (const ids of [[[30_522]], [[-1]], [[1.5]], [[1], [2], [3]]]) {
        await expect(service.decode({ ids })).rejects.toMatchObject({
          code: ids.length > 2 ? 'INPUT_TOO_MANY' : 'INPUT_INVALID',
        });
      }
    } finally {
      await service.close();
    }
  });

  it('refuses unknown and path-like model ids with MODEL_NOT_FOUND listing what exists', async () => {
    const { service } = await serviceWith();
    try {
      for (const model of ['no-such-model', '../../etc/passwd', '/etc/passwd', 'all-minilm-l6-v2/../x']) {
        const attempt = service.embed({ model, texts: ['x'] });
        await expect(attempt).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
        await attempt.catch((error: { details: { available: string[] } }) => {
          expect(error.details.available).toContain('all-minilm-l6-v2');
        });
      }
    } finally {
      await service.close();
    }
  });

  it('refuses a model larger than the whole budget without evicting anything', async () => {
    const { service, events } = await serviceWith({ memoryBudgetMB: 200 });
    try {
      await service.embed({ texts: ['default model fits'] });
      await expect(service.embed({ model: 'all-mpnet-base-v2', texts: ['x'] })).rejects.toMatchObject({
        code: 'MODEL_TOO_LARGE',
      });
      expect(events.filter((e) => e.type === 'evict')).toHaveLength(0);
      expect(service.isLoaded('all-minilm-l6-v2')).toBe(true);
    } finally {
      await service.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
