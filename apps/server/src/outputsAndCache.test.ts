import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelDirectory } from '@akidb/core';
import { cosineSimilarity, createEmbeddingService, type EmbeddingService } from '@akidb/embedding-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from './parseConfig.js';
import { resolveConfig } from './serverConfig.js';
import { serviceOptionsFor } from './serviceOptions.js';
import { type RunningServer, startServer } from './startServer.js';
import { metricValue, postJson, REPO_MODELS_DIR, scrape } from './testSupport.js';

const TEXTS = ['The quick brown fox jumps over the lazy dog.', 'Embeddings map text to vectors.', 'hello'];
/** About 700 tokens: three windows of all-minilm-l6-v2's 256. */
const LONG = Array.from({ length: 60 }, (_, i) => `Sentence ${i} says something about vector search.`).join(
  ' ',
);
const QUANTIZED = ['int8', 'uint8', 'binary', 'ubinary'] as const;

let service: EmbeddingService;
let server: RunningServer;
let storeDir: string;
let home: string;

beforeAll(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'akidb-server-cache-'));
  // A home holding only the prepared default model, whatever else the shared model home holds.
  home = mkdtempSync(join(tmpdir(), 'akidb-server-home-'));
  mkdirSync(join(home, 'models'));
  symlinkSync(modelDirectory('all-minilm-l6-v2'), join(home, 'models', 'all-minilm-l6-v2'), 'dir');
  service = await createEmbeddingService({ manifestsDirs: [REPO_MODELS_DIR], home, offline: true });
  server = await startServer({
    home,
    port: 0,
    logLevel: 'silent',
    manifestsDirs: [REPO_MODELS_DIR],
    embeddingCache: true,
    embeddingCacheMB: 16,
    embeddingCacheDir: storeDir,
  });
  expect(await server.preloaded).toBe(true);
});

afterAll(async () => {
  await server?.close();
  await service?.close();
  rmSync(storeDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/** The service's own quantized vectors for `texts`, as plain numbers (bytes for the binary kinds). */
async function expected(
  precision: (typeof QUANTIZED)[number],
  texts: readonly string[],
): Promise<number[][]> {
  const result = await service.embed({ texts, precision });
  return (result.quantized?.vectors ?? []).map((vector) => Array.from(vector));
}

const fromBase64 = (text: string, signed: boolean): number[] =>
  Array.from(Buffer.from(text, 'base64'), (byte) => (signed && byte > 127 ? byte - 256 : byte));

/** A route's embeddings as numbers, whatever the wire form. */
function decode(format: string, embedding: number[] | string): number[] {
  if (typeof embedding !== 'string') return embedding;
  if (format === 'base64') {
    const bytes = Buffer.from(embedding, 'base64');
    return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
  }
  return fromBase64(embedding, format === 'binary');
}

const routes = {
  openai: async (body: Record<string, unknown>) => {
    const res = await postJson(`${server.url}/v1/embeddings`, {
      input: body.texts,
      ...without(body, 'texts'),
    });
    return { res, vectors: res.body.data?.map((d: { embedding: number[] | string }) => d.embedding) };
  },
  akidb: async (body: Record<string, unknown>) => {
    const res = await postJson(`${server.url}/api/v1/embed`, body);
    return { res, vectors: res.body.embeddings };
  },
  tei: async (body: Record<string, unknown>) => {
    const res = await postJson(`${server.url}/embed`, { inputs: body.texts, ...without(body, 'texts') });
    return { res, vectors: res.body };
  },
};

function without(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = body;
  return rest;
}

describe.each(Object.entries(routes))('%s route', (_name, post) => {
  it.each(QUANTIZED)('encoding_format %s returns the service quantized vectors', async (format) => {
    const { res, vectors } = await post({ texts: TEXTS, encoding_format: format });
    expect(res.status).toBe(200);
    const decoded = (vectors as (number[] | string)[]).map((v) => decode(format, v));
    expect(decoded).toEqual(await expected(format, TEXTS));
    if (format === 'binary' || format === 'ubinary') {
      for (const v of vectors as string[]) expect(typeof v).toBe('string');
      expect(decoded[0]).toHaveLength(48);
    } else {
      expect(decoded[0]).toHaveLength(384);
    }
  });

  it('encoding_format float and base64 give the float vectors', async () => {
    const reference = (await service.embed({ texts: TEXTS })).embeddings;
    for (const format of ['float', 'base64']) {
      const { res, vectors } = await post({ texts: TEXTS, encoding_format: format });
      expect(res.status).toBe(200);
      (vectors as (number[] | string)[]).forEach((v, i) => {
        expect(cosineSimilarity(decode(format, v), reference[i] as Float32Array)).toBeGreaterThan(0.99999);
      });
    }
  });

  it('long_input chunk embeds a long text in windows and reports them; the default still truncates', async () => {
    const chunked = await post({ texts: [LONG, 'short'], long_input: 'chunk' });
    expect(chunked.res.status).toBe(200);
    const reference = await service.embed({ texts: [LONG, 'short'], longInput: 'chunk' });
    expect(reference.chunks).toEqual([3, 1]);
    const chunks =
      chunked.res.body.chunks ??
      chunked.res.body.data?.map((d: { chunks: number }) => d.chunks) ??
      chunked.res.headers.get('x-akidb-chunks')?.split(',').map(Number);
    expect(chunks).toEqual([3, 1]);
    expect(cosineSimilarity(chunked.vectors[0], reference.embeddings[0] as Float32Array)).toBeGreaterThan(
      0.99999,
    );
    const truncated = await post({ texts: [LONG] });
    expect(truncated.res.status).toBe(200);
    expect(truncated.res.headers.get('x-akidb-chunks')).toBeNull();
    expect(cosineSimilarity(truncated.vectors[0], chunked.vectors[0])).toBeLessThan(0.9999);
    const refused = await post({ texts: [LONG], truncate: false });
    expect(refused.res.status).toBe(400);
    const conflict = await post({ texts: [LONG], truncate: true, long_input: 'chunk' });
    expect(conflict.res.status).toBe(400);
  });

  it('refuses an unknown encoding_format or long_input with 400', async () => {
    expect((await post({ texts: TEXTS, encoding_format: 'fp16' })).res.status).toBe(400);
    expect((await post({ texts: TEXTS, long_input: 'split' })).res.status).toBe(400);
  });
});

describe('response sizes', () => {
  it('shrink from float to int8 to binary', async () => {
    const texts = Array.from({ length: 16 }, (_, i) => `text number ${i} for sizing`);
    const sizes: Record<string, number> = {};
    for (const format of ['float', 'base64', 'int8', 'binary']) {
      const res = await fetch(`${server.url}/v1/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: texts, encoding_format: format }),
      });
      sizes[format] = (await res.arrayBuffer()).byteLength;
    }
    expect(sizes.base64).toBeLessThan(sizes.float as number);
    expect(sizes.int8).toBeLessThan(sizes.base64 as number);
    expect(sizes.binary).toBeLessThan((sizes.int8 as number) / 4);
  });
});

describe('embedding cache in the server', () => {
  it('answers a repeated request from the cache and counts hits, misses and bytes in /metrics', async () => {
    const texts = ['a text only this test sends', 'and a second one'];
    const before = await scrape(server.url);
    const first = await postJson(`${server.url}/api/v1/embed`, { texts });
    const second = await postJson(`${server.url}/api/v1/embed`, { texts });
    expect(second.body.embeddings).toEqual(first.body.embeddings);
    expect(second.body.usage).toEqual(first.body.usage);
    const after = await scrape(server.url);
    const delta = (name: string) => metricValue(after, name) - metricValue(before, name);
    expect(delta('akidb_embedding_cache_misses_total')).toBe(2);
    expect(delta('akidb_embedding_cache_hits_total')).toBe(2);
    expect(metricValue(after, 'akidb_embedding_cache_bytes', { tier: 'memory' })).toBeGreaterThan(0);
    expect(metricValue(after, 'akidb_embedding_cache_entries', { tier: 'store' })).toBeGreaterThan(0);
  });

  it('is configured by flags and environment variables', () => {
    const parsed = parseConfig(['--embedding-cache', 'on', '--embedding-cache-dir', '/var/cache/akidb'], {
      AKIDB_EMBEDDING_CACHE_MB: '64',
      AKIDB_EMBEDDING_CACHE_DISK_MB: '1024',
    });
    if (parsed.help) throw new Error('unexpected help');
    expect(serviceOptionsFor(resolveConfig(parsed.config)).embeddingCache).toEqual({
      maxMemoryBytes: 64 * 1024 * 1024,
      store: { path: '/var/cache/akidb', maxBytes: 1024 * 1024 * 1024 },
    });
    expect(serviceOptionsFor(resolveConfig({})).embeddingCache).toBeUndefined();
  });
});

describe('OpenAPI', () => {
  it('documents encoding_format and long_input on the three embedding routes', async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }> };
    };
    const requests = Object.entries(document.components.schemas).filter(
      ([, schema]) =>
        schema.properties?.encoding_format !== undefined && schema.properties.long_input !== undefined,
    );
    expect(requests.map(([id]) => id).sort()).toHaveLength(3);
    for (const [, schema] of requests) {
      const text = JSON.stringify(schema);
      for (const value of ['float', 'base64', 'int8', 'uint8', 'binary', 'ubinary', 'chunk'])
        expect(text).toContain(`"${value}"`);
    }
  });
});
