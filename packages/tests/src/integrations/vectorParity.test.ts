import { createAkidb } from '@akidb/ai-sdk';
import { cosineSimilarity, createEmbeddingService, type EmbeddingService } from '@akidb/embedding-provider';
import { AkidbEmbeddings } from '@akidb/langchain';
import { loadTeiProto, type RunningServer, startServer } from '@akidb/server';
import { type Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { embed, embedMany } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_MODELS_DIR } from '../support/inProcessServer.js';
import { createModelHome, type ModelHome } from '../support/modelHome.js';

// The same texts through every way in: HTTP (AkiDB, OpenAI and TEI routes), gRPC (unary and stream),
// LangChain and the AI SDK (each in-process and over HTTP). Every vector must be the service's own.

const MODEL = 'all-minilm-l6-v2';
const API_KEY = 'parity-key';
const TEXTS = [
  'The quick brown fox jumps over the lazy dog.',
  'Vektoren aus Text: Grüße aus München!',
  '東京は日本の首都です。',
  'short',
  'A longer passage that goes on for a while, so that this row is padded differently from the others in a batch. '.repeat(
    4,
  ),
];

type Vectors = ArrayLike<number>[];

describe('vectors are identical across HTTP, gRPC, LangChain and the AI SDK', () => {
  let modelHome: ModelHome | undefined;
  let service: EmbeddingService;
  let server: RunningServer;
  let grpcClient: Client;
  const reference: Float32Array[] = [];
  const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json() as Promise<Record<string, unknown>>;
  };

  beforeAll(async () => {
    // A model home of its own, so that other models under ~/.cache/akidb stay out.
    modelHome = await createModelHome([MODEL]);
    service = await createEmbeddingService({
      home: modelHome.home,
      manifestsDirs: [REPO_MODELS_DIR],
      defaultModel: MODEL,
    });
    server = await startServer({ port: 0, grpcPort: 0, logLevel: 'silent', apiKey: API_KEY }, { service });
    await server.preloaded;
    const { Embed } = loadTeiProto();
    grpcClient = new Embed(`127.0.0.1:${server.grpcPort}`, credentials.createInsecure());
    // The reference: each text alone, straight from the service.
    for (const text of TEXTS) reference.push(...(await service.embed({ texts: [text] })).embeddings);
  });
  afterAll(async () => {
    grpcClient?.close();
    await server?.close();
    await service?.close();
    await modelHome?.cleanup();
  });

  const grpcMetadata = (): Metadata => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${API_KEY}`);
    return metadata;
  };

  const paths: Record<string, () => Promise<Vectors>> = {
    'HTTP /api/v1/embed': async () =>
      (await post('/api/v1/embed', { texts: TEXTS })).embeddings as number[][],
    'HTTP /v1/embeddings (OpenAI)': async () =>
      ((await post('/v1/embeddings', { input: TEXTS, model: MODEL })).data as { embedding: number[] }[]).map(
        (row) => row.embedding,
      ),
    'HTTP /embed (TEI)': async () => (await post('/embed', { inputs: TEXTS })) as unknown as number[][],
    'gRPC Embed': () =>
      Promise.all(
        TEXTS.map(
          (inputs) =>
            new Promise<number[]>((resolve, reject) => {
              // biome-ignore lint/suspicious/noExplicitAny: a grpc-js client made from a .proto has no static types.
              (grpcClient as any).Embed(
                { inputs, truncate: true },
                grpcMetadata(),
                (error: ServiceError | null, response: { embeddings: number[] }) =>
                  error ? reject(error) : resolve(response.embeddings),
              );
            }),
        ),
      ),
    'gRPC EmbedStream': () =>
      new Promise<number[][]>((resolve, reject) => {
        // biome-ignore lint/suspicious/noExplicitAny: a grpc-js client made from a .proto has no static types.
        const call = (grpcClient as any).EmbedStream(grpcMetadata());
        const vectors: number[][] = [];
        call.on('data', (response: { embeddings: number[] }) => vectors.push(response.embeddings));
        call.on('error', reject);
        call.on('end', () => resolve(vectors));
        for (const inputs of TEXTS) call.write({ inputs, truncate: true });
        call.end();
      }),
    'LangChain in-process (embedDocuments)': () =>
      new AkidbEmbeddings({ client: service, model: MODEL, batchSize: 2 }).embedDocuments(TEXTS),
    'LangChain over HTTP (embedQuery)': () => {
      const embeddings = new AkidbEmbeddings({ baseUrl: server.url, apiKey: API_KEY, model: MODEL });
      return Promise.all(TEXTS.map((text) => embeddings.embedQuery(text)));
    },
    'AI SDK in-process (embedMany)': async () =>
      (await embedMany({ model: createAkidb({ client: service, batchSize: 2 })(MODEL), values: TEXTS }))
        .embeddings,
    'AI SDK over HTTP (embed)': () => {
      const model = createAkidb({ baseUrl: server.url, apiKey: API_KEY })(MODEL);
      return Promise.all(TEXTS.map(async (value) => (await embed({ model, value })).embedding));
    },
  };

  for (const [name, run] of Object.entries(paths)) {
    it(`${name}: cosine >= 0.99999 to the service's vector for every text`, async () => {
      const vectors = await run();
      expect(vectors).toHaveLength(TEXTS.length);
      const cosines = vectors.map((vector, i) => cosineSimilarity(vector, reference[i] ?? []));
      for (const [i, cosine] of cosines.entries()) {
        expect({ text: i, length: vectors[i]?.length, cosine: cosine >= 0.99999 }).toEqual({
          text: i,
          length: 384,
          cosine: true,
        });
      }
    });
  }
});
