import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@akidb/server';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/httpClient.js';
import { startTestServer } from './support/inProcessServer.js';
import { preparedModelDir } from './support/modelHome.js';

/**
 * The server with model "qwen3-embedding-0.6b" backed by the tiny random-weight Qwen3 (same recipe and
 * tokenizer, 256 dimensions instead of 1024): the committed 0.6B manifest, resized to the tiny model's
 * dimension and Matryoshka sizes, over the tiny model's files. Vectors are compared with
 * sentence-transformers on the same weights.
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(REPO, 'tools', 'models', 'fixtures');
const fixture = JSON.parse(readFileSync(join(FIXTURES, 'qwen3-embedding-tiny.json'), 'utf8')) as {
  queryPrompt: string;
  queryEmbeddings: number[][];
  embeddings: number[][];
};
const sentences = (
  JSON.parse(readFileSync(join(FIXTURES, 'multilingual-sentences.json'), 'utf8')) as { sentences: string[] }
).sentences;
const MODEL = 'qwen3-embedding-0.6b';

let tmp: string;
let server: RunningServer;

/** Cosine of `vector` with the first `vector.length` components of `reference` (renormalised). */
function prefixCosine(vector: readonly number[], reference: readonly number[]): number {
  const head = reference.slice(0, vector.length);
  const dot = vector.reduce((sum, v, i) => sum + v * (head[i] as number), 0);
  return dot / (Math.hypot(...vector) * Math.hypot(...head));
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'akidb-qwen3-server-'));
  const tiny = preparedModelDir('qwen3-embedding-tiny');
  const installed = JSON.parse(await readFile(join(tiny, 'manifest.json'), 'utf8')) as {
    files: unknown[];
    dimension: number;
    matryoshkaDimensions: number[];
    memoryMB: number;
  };
  const manifest = JSON.parse(await readFile(join(REPO, 'models', `${MODEL}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
  Object.assign(manifest, {
    dimension: installed.dimension,
    matryoshkaDimensions: installed.matryoshkaDimensions,
    files: installed.files,
    memoryMB: installed.memoryMB,
  });
  const manifests = join(tmp, 'manifests');
  const dir = join(tmp, 'home', 'models', MODEL);
  await mkdir(manifests, { recursive: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(manifests, `${MODEL}.json`), JSON.stringify(manifest, null, 2));
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  for (const file of installed.files as { path: string }[])
    await symlink(join(tiny, file.path), join(dir, file.path));
  server = await startTestServer({
    manifestsDirs: [manifests],
    home: join(tmp, 'home'),
    defaultModel: MODEL,
  });
});

afterAll(async () => {
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('qwen3-embedding-0.6b (tiny weights) over HTTP', () => {
  it('OpenAI /v1/embeddings with the query instruction in the input and dimensions: 256', async () => {
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused' });
    const query = `${fixture.queryPrompt}${sentences[2]}`;
    const response = await openai.embeddings.create({
      model: MODEL,
      input: [query, sentences[3] as string],
      dimensions: 256,
      encoding_format: 'float',
    });
    expect(response.model).toBe(MODEL);
    const [q, d] = response.data.map((item) => item.embedding) as [number[], number[]];
    const [qRef, dRef] = [fixture.queryEmbeddings[2] as number[], fixture.embeddings[3] as number[]];
    expect(q).toHaveLength(256);
    expect(d).toHaveLength(256);
    expect(Math.hypot(...q)).toBeCloseTo(1, 5);
    expect(Math.hypot(...d)).toBeCloseTo(1, 5);
    expect(prefixCosine(q, qRef)).toBeGreaterThan(0.9999);
    expect(prefixCosine(d, dRef)).toBeGreaterThan(0.9999);
    expect(Math.max(...q.map((v, i) => Math.abs(v - (qRef[i] as number))))).toBeLessThan(1e-4);
    // The instruction matters: the query's vector is not the plain sentence's.
    expect(prefixCosine(q, fixture.embeddings[2] as number[])).toBeLessThan(0.999);
  });

  it('prompt_name "query" on the AkiDB and TEI routes equals the literal instruction', async () => {
    const akidb = await call(server.url, '/api/v1/embed', {
      body: { model: MODEL, texts: sentences.slice(0, 4), prompt_name: 'query', dimensions: 128 },
    });
    expect(akidb.status).toBe(200);
    (akidb.json.embeddings as number[][]).forEach((vector, i) => {
      // Matryoshka: the renormalised first 128 components of the full vector.
      expect(vector).toHaveLength(128);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
      expect(prefixCosine(vector, fixture.queryEmbeddings[i] as number[])).toBeGreaterThan(0.9999);
    });
    const tei = await call(server.url, '/embed', {
      body: { inputs: sentences.slice(0, 4), prompt_name: 'query' },
    });
    expect(tei.status).toBe(200);
    (tei.json as number[][]).forEach((vector, i) => {
      expect(vector).toHaveLength(256);
      expect(prefixCosine(vector, fixture.queryEmbeddings[i] as number[])).toBeGreaterThan(0.9999);
    });
  });

  it.each([
    [512, "a size of the real 0.6B, over this model's 256"],
    [300, 'not one of its Matryoshka sizes'],
  ])('refuses dimensions: %i (%s)', async (dimensions) => {
    const res = await call(server.url, '/v1/embeddings', {
      body: { model: MODEL, input: 'x', dimensions },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('DIMENSIONS_INVALID');
  });
});
