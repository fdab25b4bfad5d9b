import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelDirectory } from '@akidb/core';
import { cosineSimilarity, createEmbeddingService, type EmbeddingService } from '@akidb/embedding-provider';
import { type RunningServer, startServer } from '@akidb/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AkidbEmbedder } from './akidbEmbedder.js';
import { createHttpClient } from './createHttpClient.js';
import type { EmbedClient } from './embedClient.js';

const MANIFESTS = fileURLToPath(new URL('../../../models', import.meta.url));
const BASE = 'all-minilm-l6-v2';
const PROMPTED = 'minilm-with-prompts';
const PROMPTS = { query: 'query: ', passage: 'passage: ' };
const TEXTS = ['How do I bake bread?', 'Flour, water, salt and yeast, then a hot oven.', 'A short one.'];

/** A model home with the base model, and the same weights under another id whose manifest has prompts. */
async function homeWithPromptedModel(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'akidb-client-'));
  const source = modelDirectory(BASE);
  const manifest = JSON.parse(await readFile(join(source, 'manifest.json'), 'utf8')) as {
    id: string;
    aliases: string[];
    prompts: Record<string, string>;
    files: { path: string }[];
  };
  await mkdir(join(home, 'models', PROMPTED), { recursive: true });
  await symlink(source, join(home, 'models', BASE), 'dir');
  for (const file of manifest.files) {
    await symlink(join(source, file.path), join(home, 'models', PROMPTED, file.path));
  }
  const derived = { ...manifest, id: PROMPTED, aliases: [], prompts: PROMPTS };
  await writeFile(join(home, 'models', PROMPTED, 'manifest.json'), JSON.stringify(derived));
  return home;
}

describe('AkidbEmbedder', () => {
  let home: string;
  let service: EmbeddingService;
  let server: RunningServer;
  let sent: { texts: readonly string[] | undefined; promptName: string | undefined }[] = [];

  beforeAll(async () => {
    home = await homeWithPromptedModel();
    service = await createEmbeddingService({
      home,
      manifestsDirs: [MANIFESTS],
      defaultModel: BASE,
      offline: true,
    });
    server = await startServer({ port: 0, logLevel: 'silent' }, { service });
    await server.preloaded;
  });
  afterAll(async () => {
    await server?.close();
    await service?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  /** The real client, with what it is asked for recorded on the way through. */
  function recorded(client: EmbedClient): EmbedClient {
    return {
      embed: (request) => {
        sent.push({ texts: request.texts, promptName: request.promptName });
        return client.embed(request);
      },
    };
  }
  const clients = {
    'in-process': () => recorded(service),
    http: () => recorded(createHttpClient({ baseUrl: server.url })),
  };

  for (const [mode, client] of Object.entries(clients)) {
    it(`${mode}: uses the model's query and passage prompts when it defines them`, async () => {
      const embedder = new AkidbEmbedder({ client: client(), model: PROMPTED });
      const queries = await embedder.embedQueries(TEXTS);
      const documents = await embedder.embedDocuments(TEXTS);
      const expectedQueries = await service.embed({ model: BASE, texts: TEXTS.map((t) => `query: ${t}`) });
      const expectedDocs = await service.embed({ model: BASE, texts: TEXTS.map((t) => `passage: ${t}`) });
      const plain = await service.embed({ model: BASE, texts: TEXTS });
      for (const i of TEXTS.keys()) {
        expect(
          cosineSimilarity(queries.embeddings[i] ?? [], expectedQueries.embeddings[i] ?? []),
        ).toBeGreaterThan(0.99999);
        expect(
          cosineSimilarity(documents.embeddings[i] ?? [], expectedDocs.embeddings[i] ?? []),
        ).toBeGreaterThan(0.99999);
        // The prompt changes the vector: the comparison above could fail.
        expect(cosineSimilarity(queries.embeddings[i] ?? [], plain.embeddings[i] ?? [])).toBeLessThan(0.999);
      }
      expect(queries.model).toBe(PROMPTED);
    });

    it(`${mode}: learns once that a model has no such prompt, then sends none`, async () => {
      sent = [];
      const embedder = new AkidbEmbedder({ client: client(), model: BASE, batchSize: 2 });
      const first = await embedder.embedQueries(TEXTS);
      const second = await embedder.embedQueries(TEXTS);
      const plain = await service.embed({ model: BASE, texts: TEXTS });
      expect(sent.map((call) => [call.texts?.length, call.promptName])).toEqual([
        [2, 'query'],
        [2, undefined],
        [1, undefined],
        [2, undefined],
        [1, undefined],
      ]);
      for (const result of [first, second]) {
        expect(result.usage.promptTokens).toBe(plain.usage.promptTokens);
        for (const i of TEXTS.keys()) {
          expect(cosineSimilarity(result.embeddings[i] ?? [], plain.embeddings[i] ?? [])).toBeGreaterThan(
            0.99999,
          );
        }
      }
    });
  }

  it('null turns a role prompt off', async () => {
    sent = [];
    const embedder = new AkidbEmbedder({ client: clients.http(), model: PROMPTED, queryPromptName: null });
    await embedder.embedQueries(['x']);
    expect(sent).toEqual([{ texts: ['x'], promptName: undefined }]);
  });

  it('over HTTP, a literal prompt gives the vectors the service gives for it', async () => {
    const request = { model: BASE, texts: TEXTS, prompt: 'Represent this: ', dimensions: 128 };
    const viaHttp = await createHttpClient({ baseUrl: `${server.url}/` }).embed(request);
    const direct = await service.embed(request);
    expect(viaHttp.dimension).toBe(128);
    expect(viaHttp.usage).toEqual(direct.usage);
    for (const i of TEXTS.keys()) {
      expect(cosineSimilarity(viaHttp.embeddings[i] ?? [], direct.embeddings[i] ?? [])).toBeGreaterThan(
        0.99999,
      );
    }
  });

  it('over HTTP, token ids are refused before any request', async () => {
    const client = createHttpClient({ baseUrl: server.url });
    await expect(client.embed({ tokenIds: [[101, 102]] })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('over HTTP, server errors keep their code and details', async () => {
    const client = createHttpClient({ baseUrl: server.url });
    await expect(client.embed({ texts: ['a', ''] })).rejects.toMatchObject({
      name: 'AkidbError',
      code: 'INPUT_EMPTY',
      details: { status: 400 },
    });
    await expect(client.embed({ model: 'nope', texts: ['a'] })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      details: { status: 404 },
    });
  });

  it('rejects a batch size that is not a positive whole number', () => {
    expect(() => new AkidbEmbedder({ client: service, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new AkidbEmbedder({ client: service, batchSize: 1.5 })).toThrow(/batchSize/);
  });
});
