import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AkidbError,
  cosineSimilarity,
  createEmbeddingService,
  type EmbeddingService,
  modelDirectory,
} from '@akidb/embedding-provider';
import { type RunningServer, startServer } from '@akidb/server';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { Document } from '@langchain/core/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AkidbEmbeddings } from './akidbEmbeddings.js';

const MANIFESTS = fileURLToPath(new URL('../../../models', import.meta.url));
const MODEL = 'all-minilm-l6-v2';
const API_KEY = 'langchain-test-key';

const DOCS = [
  'The cat curled up on the warm windowsill and fell asleep.',
  'Interest rates were raised by the central bank to fight inflation.',
  'ONNX Runtime executes neural network models on CPUs and GPUs.',
  'The recipe needs two eggs, flour, sugar and a pinch of salt.',
  'The football match ended in a draw after extra time.',
];
const SEARCHES: readonly [string, number][] = [
  ['Which library runs machine learning models?', 2],
  ['What did the monetary authority do about prices?', 1],
  ['Where is the kitten sleeping?', 0],
];

/** A model home of its own (links to the prepared models), so other models under ~/.cache/akidb stay out. */
async function isolatedHome(ids: readonly string[]): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'akidb-langchain-'));
  await mkdir(join(home, 'models'));
  for (const id of ids) await symlink(modelDirectory(id), join(home, 'models', id), 'dir');
  return home;
}

describe('AkidbEmbeddings with LangChain', () => {
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

  const modes = {
    'in-process': () =>
      new AkidbEmbeddings({
        // The service, observed: each call's size is recorded on its way through.
        client: {
          embed: (request) => {
            calls.push(request.texts?.length ?? 0);
            return service.embed(request);
          },
        },
        model: MODEL,
        batchSize: 2,
      }),
    http: () => new AkidbEmbeddings({ baseUrl: server.url, apiKey: API_KEY, model: MODEL, batchSize: 2 }),
  };

  for (const [mode, make] of Object.entries(modes)) {
    it(`${mode}: MemoryVectorStore finds the right document for each query`, async () => {
      const embeddings = make();
      const store = await MemoryVectorStore.fromDocuments(
        DOCS.map((pageContent, id) => new Document({ pageContent, metadata: { id } })),
        embeddings,
      );
      for (const [query, expected] of SEARCHES) {
        const [best] = await store.similaritySearch(query, 1);
        expect({ query, id: best?.metadata.id }).toEqual({ query, id: expected });
      }
    });

    it(`${mode}: vectors are the service's own vectors, documents and queries alike`, async () => {
      const embeddings = make();
      const direct = await service.embed({ model: MODEL, texts: DOCS });
      const viaDocuments = await embeddings.embedDocuments(DOCS);
      expect(viaDocuments).toHaveLength(DOCS.length);
      for (const [i, vector] of viaDocuments.entries()) {
        expect(vector).toHaveLength(384);
        expect(cosineSimilarity(vector, direct.embeddings[i] ?? [])).toBeGreaterThanOrEqual(0.99999);
      }
      // all-minilm-l6-v2 defines no query prompt: the query is embedded as it is.
      const query = await embeddings.embedQuery(DOCS[2] ?? '');
      expect(cosineSimilarity(query, direct.embeddings[2] ?? [])).toBeGreaterThanOrEqual(0.99999);
    });
  }

  it('sends lists in chunks of batchSize texts, in order', async () => {
    calls = [];
    const vectors = await modes['in-process']().embedDocuments(DOCS);
    // The first chunk asks for the `passage` prompt and learns the model has none: it is sent again without.
    expect(calls).toEqual([2, 2, 2, 1]);
    const direct = await service.embed({ model: MODEL, texts: DOCS });
    expect(vectors.map((v, i) => cosineSimilarity(v, direct.embeddings[i] ?? []))).toEqual(
      DOCS.map(() => expect.closeTo(1, 5)),
    );
  });

  it('passes the server error code through, without retrying it', async () => {
    calls = [];
    const embeddings = new AkidbEmbeddings({ baseUrl: server.url, apiKey: 'wrong-key', model: MODEL });
    await expect(embeddings.embedQuery('hello')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const unknownModel = new AkidbEmbeddings({
      baseUrl: server.url,
      apiKey: API_KEY,
      model: 'no-such-model',
    });
    const error = (await unknownModel.embedDocuments(['x']).catch((e: unknown) => e)) as AkidbError;
    expect(error.code).toBe('MODEL_NOT_FOUND');
  });
});
