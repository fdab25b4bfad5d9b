import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, NoSuchModelError } from '@ai-sdk/provider';
import {
  cosineSimilarity,
  createEmbeddingService,
  type EmbeddingService,
  modelDirectory,
} from '@akidb/embedding-provider';
import { type RunningServer, startServer } from '@akidb/server';
import { cosineSimilarity as aiCosine, embed, embedMany } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAkidb } from './createAkidb.js';

const MANIFESTS = fileURLToPath(new URL('../../../models', import.meta.url));
const MODEL = 'all-minilm-l6-v2';
const API_KEY = 'ai-sdk-test-key';
const TEXTS = [
  'The train to the airport leaves every twenty minutes.',
  'Photosynthesis turns light, water and carbon dioxide into sugar.',
  'She tuned the guitar before the concert started.',
  'A mortgage is a loan secured by a house.',
  'The glacier has retreated two kilometres since 1950.',
];

/** A model home of its own (links to the prepared models), so other models under ~/.cache/akidb stay out. */
async function isolatedHome(ids: readonly string[]): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'akidb-ai-sdk-'));
  await mkdir(join(home, 'models'));
  for (const id of ids) await symlink(modelDirectory(id), join(home, 'models', id), 'dir');
  return home;
}

describe('AkiDB provider for the AI SDK', () => {
  let home: string;
  let service: EmbeddingService;
  let server: RunningServer;
  let calls: number[] = [];

  beforeAll(async () => {
    home = await isolatedHome([MODEL]);
    service = await createEmbeddingService({
      home,
      manifestsDirs: [MANIFESTS],
      defaultModel: MODEL,
      offline: true,
    });
    server = await startServer({ port: 0, logLevel: 'silent', apiKey: API_KEY }, { service });
    await server.preloaded;
  });
  afterAll(async () => {
    await server?.close();
    await service?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  const providers = {
    'in-process': () =>
      createAkidb({
        // The service, observed: each call's size is recorded on its way through.
        client: {
          embed: (request) => {
            calls.push(request.texts?.length ?? 0);
            return service.embed(request);
          },
        },
        batchSize: 2,
      }),
    http: () => createAkidb({ baseUrl: server.url, apiKey: API_KEY, batchSize: 2 }),
  };

  for (const [mode, provider] of Object.entries(providers)) {
    it(`${mode}: embed and embedMany give the service's vectors`, async () => {
      const akidb = provider();
      const direct = await service.embed({ model: MODEL, texts: TEXTS });
      const one = await embed({ model: akidb(MODEL), value: TEXTS[1] ?? '' });
      expect(one.embedding).toHaveLength(384);
      expect(cosineSimilarity(one.embedding, direct.embeddings[1] ?? [])).toBeGreaterThanOrEqual(0.99999);
      expect(one.usage.tokens).toBeGreaterThan(2);
      expect(one.providerMetadata?.akidb).toEqual({ model: MODEL, dimension: 384 });

      const many = await embedMany({
        model: akidb.embeddingModel(MODEL),
        values: TEXTS,
        maxParallelCalls: 2,
      });
      expect(many.embeddings).toHaveLength(TEXTS.length);
      for (const [i, vector] of many.embeddings.entries()) {
        expect(aiCosine(vector, Array.from(direct.embeddings[i] ?? []))).toBeGreaterThanOrEqual(0.99999);
      }
      expect(many.usage.tokens).toBe(direct.usage.promptTokens);
    });

    it(`${mode}: providerOptions.akidb sets dimensions and the input type`, async () => {
      const akidb = provider();
      const { embedding } = await embed({
        model: akidb(MODEL),
        value: TEXTS[0] ?? '',
        providerOptions: { akidb: { dimensions: 64, inputType: 'query' } },
      });
      const direct = await service.embed({ model: MODEL, texts: [TEXTS[0] ?? ''], dimensions: 64 });
      expect(embedding).toHaveLength(64);
      expect(cosineSimilarity(embedding, direct.embeddings[0] ?? [])).toBeGreaterThanOrEqual(0.99999);
    });
  }

  it('embedMany splits long lists into calls of batchSize values', async () => {
    calls = [];
    await embedMany({ model: providers['in-process']()(MODEL), values: TEXTS, maxParallelCalls: 1 });
    // The first call asks for the model's `passage` prompt, learns it has none, and is sent again without.
    expect(calls).toEqual([2, 2, 2, 1]);
  });

  it('errors keep the AkiDB code; bad options are InvalidArgumentError', async () => {
    const akidb = providers.http();
    await expect(embed({ model: akidb('no-such-model'), value: 'x', maxRetries: 0 })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
    const wrongKey = createAkidb({ baseUrl: server.url, apiKey: 'wrong' });
    await expect(embed({ model: wrongKey(MODEL), value: 'x' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const bad = await embed({
      model: akidb(MODEL),
      value: 'x',
      providerOptions: { akidb: { dimensions: -3 } },
    }).catch((error: unknown) => error);
    expect(InvalidArgumentError.isInstance(bad)).toBe(true);
    expect(() => akidb.languageModel('gpt')).toThrow(NoSuchModelError);
  });
});
