import type { EmbedOptions } from '@akidb/core';
import { cosineSimilarity, createEmbeddingService, type EmbeddingService } from '@akidb/embedding-provider';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { akidbEmbedResponseSchema, akidbTokenizeResponseSchema } from './schemas/akidbSchemas.js';
import { openAiEmbeddingsResponseSchema } from './schemas/openAiSchemas.js';
import { type RunningServer, startServer } from './startServer.js';
import { norm, postJson, REPO_MODELS_DIR } from './testSupport.js';

const TEXTS = ['The quick brown fox jumps over the lazy dog.', 'Embeddings map text to vectors.', 'hello'];

let service: EmbeddingService;
let server: RunningServer;
let direct: RunningServer;
let client: OpenAI;
let model: string;

/** What the in-process provider gives for `texts` with `options`. */
async function reference(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
  const result = await service.embed({ texts, ...options });
  return result.embeddings;
}

function expectSameVectors(actual: readonly ArrayLike<number>[], expected: readonly Float32Array[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((vector, i) => {
    expect(vector.length).toBe(expected[i]?.length);
    expect(cosineSimilarity(vector, expected[i] ?? [])).toBeGreaterThanOrEqual(0.99999);
  });
}

beforeAll(async () => {
  service = await createEmbeddingService({ manifestsDirs: [REPO_MODELS_DIR], offline: true });
  server = await startServer({ port: 0, logLevel: 'silent' }, { service });
  direct = await startServer({
    port: 0,
    logLevel: 'silent',
    batching: false,
    manifestsDirs: [REPO_MODELS_DIR],
  });
  expect(await server.preloaded).toBe(true);
  model = service.defaultModel;
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-checked', maxRetries: 0 });
});

afterAll(async () => {
  await Promise.all([server?.close(), direct?.close()]);
  await service?.close();
});

describe('OpenAI route through the official openai client', () => {
  it('returns float embeddings equal to the in-process provider', async () => {
    const response = await client.embeddings.create({ model, input: TEXTS, encoding_format: 'float' });
    expect(response.object).toBe('list');
    expect(response.model).toBe(model);
    expect(response.data.map((d) => d.index)).toEqual([0, 1, 2]);
    expectSameVectors(
      response.data.map((d) => d.embedding),
      await reference(TEXTS),
    );
    const tokens = (await service.embed({ texts: TEXTS })).usage.promptTokens;
    expect(response.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
  });

  it('decodes base64 (the client default) to the same vectors', async () => {
    const response = await client.embeddings.create({ model, input: TEXTS[0] as string });
    expect(response.data).toHaveLength(1);
    expectSameVectors(
      response.data.map((d) => d.embedding),
      await reference([TEXTS[0] as string]),
    );
    const raw = await postJson(`${server.url}/v1/embeddings`, { input: 'hello', encoding_format: 'base64' });
    expect(typeof raw.body.data[0].embedding).toBe('string');
    expect(Buffer.from(raw.body.data[0].embedding, 'base64').byteLength).toBe(384 * 4);
  });

  it('honours dimensions (truncated and renormalised)', async () => {
    const response = await client.embeddings.create({ model, input: TEXTS, dimensions: 128 });
    for (const d of response.data) {
      expect(d.embedding).toHaveLength(128);
      expect(norm(d.embedding)).toBeCloseTo(1, 5);
    }
    expectSameVectors(
      response.data.map((d) => d.embedding),
      await reference(TEXTS, { dimensions: 128 }),
    );
  });

  it('accepts token ids from /api/v1/tokenize and embeds them like the text', async () => {
    const tokenized = await postJson(`${server.url}/api/v1/tokenize`, { texts: [TEXTS[1]] });
    const ids: number[] = tokenized.body.results[0].ids;
    const single = await client.embeddings.create({ model, input: ids, encoding_format: 'float' });
    const nested = await client.embeddings.create({ model, input: [ids, ids], encoding_format: 'float' });
    const expected = await reference([TEXTS[1] as string]);
    expectSameVectors([single.data[0]?.embedding ?? []], expected);
    expectSameVectors(
      nested.data.map((d) => d.embedding),
      [expected[0] as Float32Array, expected[0] as Float32Array],
    );
    expect(single.usage.prompt_tokens).toBe(ids.length);
  });

  it('lists models in the OpenAI shape', async () => {
    const page = await client.models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids).toContain(model);
    expect(page.data[0]).toMatchObject({ object: 'model', owned_by: 'akidb' });
  });
});

describe('AkiDB routes', () => {
  it('embeds with usage and timing headers', async () => {
    const res = await postJson(`${server.url}/api/v1/embed`, { texts: TEXTS });
    expect(res.status).toBe(200);
    const body = akidbEmbedResponseSchema.parse(res.body);
    expect(body.model).toBe(model);
    expect(body.dimension).toBe(384);
    expectSameVectors(body.embeddings, await reference(TEXTS));
    expect(body.usage.prompt_tokens).toBeGreaterThan(TEXTS.length * 2);
    for (const name of [
      'x-akidb-total-ms',
      'x-akidb-queue-ms',
      'x-akidb-tokenize-ms',
      'x-akidb-inference-ms',
    ]) {
      expect(Number.isFinite(Number(res.headers.get(name))), name).toBe(true);
    }
    expect(Number(res.headers.get('x-akidb-inference-ms'))).toBeGreaterThan(0);
    expect(Number(res.headers.get('x-akidb-tokens'))).toBe(body.usage.prompt_tokens);
    expect(res.headers.get('server-timing')).toMatch(
      /queue;dur=[\d.]+, tokenize;dur=[\d.]+, inference;dur=[\d.]+, total;dur=/,
    );
  });

  it('honours normalize: false, truncation and dimensions', async () => {
    const long = 'word '.repeat(400);
    const res = await postJson(`${server.url}/api/v1/embed`, {
      texts: [TEXTS[0], long],
      normalize: false,
      truncation_direction: 'left',
    });
    expect(res.status).toBe(200);
    expectSameVectors(
      res.body.embeddings,
      await reference([TEXTS[0] as string, long], { normalize: false, truncationDirection: 'left' }),
    );
    expect(norm(res.body.embeddings[0])).not.toBeCloseTo(1, 2);
    const dims = await postJson(`${server.url}/api/v1/embed`, { texts: ['a b c'], dimensions: 64 });
    expect(dims.body.dimension).toBe(64);
    expect(dims.body.embeddings[0]).toHaveLength(64);
  });

  it('gives each of many concurrent requests its own options (mixed batches)', async () => {
    const requests = Array.from({ length: 12 }, (_, i) => ({
      texts: [`request ${i} about topic ${i % 3}`, TEXTS[i % 3] as string],
      normalize: i % 2 === 0,
      ...(i % 3 === 0 ? { dimensions: 32 } : {}),
    }));
    const responses = await Promise.all(requests.map((body) => postJson(`${server.url}/api/v1/embed`, body)));
    for (const [i, res] of responses.entries()) {
      const req = requests[i] as (typeof requests)[number];
      expect(res.status).toBe(200);
      expectSameVectors(
        res.body.embeddings,
        await reference(req.texts, {
          normalize: req.normalize,
          ...(req.dimensions ? { dimensions: req.dimensions } : {}),
        }),
      );
    }
  });

  it('tokenizes with ids and token strings', async () => {
    const res = await postJson(`${server.url}/api/v1/tokenize`, { texts: ['Hello world', 'embeddings'] });
    expect(res.status).toBe(200);
    const body = akidbTokenizeResponseSchema.parse(res.body);
    const first = body.results[0];
    expect(first?.tokens).toEqual(['[CLS]', 'hello', 'world', '[SEP]']);
    expect(first?.ids).toHaveLength(4);
    expect(first?.token_count).toBe(4);
    expect(body.usage.prompt_tokens).toBe(body.results.reduce((sum, r) => sum + r.token_count, 0));
  });

  it('lists models with their state', async () => {
    const res = await fetch(`${server.url}/api/v1/models`);
    const body = (await res.json()) as {
      default_model: string;
      models: { id: string; loaded: boolean; is_default: boolean }[];
    };
    expect(body.default_model).toBe(model);
    expect(body.models.find((m) => m.id === model)).toMatchObject({ loaded: true, is_default: true });
  });
});

describe('TEI route', () => {
  it('embeds a string or a list and answers number[][]', async () => {
    const one = await postJson(`${server.url}/embed`, { inputs: TEXTS[0] });
    expect(one.status).toBe(200);
    expectSameVectors(one.body, await reference([TEXTS[0] as string]));
    const many = await postJson(`${server.url}/embed`, {
      inputs: TEXTS,
      normalize: false,
      truncation_direction: 'Left',
    });
    expectSameVectors(many.body, await reference(TEXTS, { normalize: false }));
    expect(many.headers.get('x-akidb-tokens')).not.toBeNull();
  });
});

describe('operations routes', () => {
  it('answers /health and /ready', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', model });
  });
});

describe('batching off', () => {
  it('gives the same vectors, token input included', async () => {
    const res = await postJson(`${direct.url}/v1/embeddings`, { input: TEXTS, dimensions: 96 });
    openAiEmbeddingsResponseSchema.parse(res.body);
    expectSameVectors(
      res.body.data.map((d: { embedding: number[] }) => d.embedding),
      await reference(TEXTS, { dimensions: 96 }),
    );
    const tokens = await postJson(`${direct.url}/v1/embeddings`, { input: [[101, 7592, 102]] });
    expectSameVectors([tokens.body.data[0].embedding], await reference(['hello']));
    expect(Number(res.headers.get('x-akidb-queue-ms'))).toBeGreaterThanOrEqual(0);
  });
});
