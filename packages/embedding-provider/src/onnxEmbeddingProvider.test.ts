import { AkidbError } from '@akidb/core';
import { cosineSimilarity } from '@akidb/pooling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchReport } from './batchScheduler.js';
import { loadOnnxEmbeddingProvider } from './loadOnnxEmbeddingProvider.js';
import type { OnnxEmbeddingProvider } from './onnxEmbeddingProvider.js';
import { preparedModelDir } from './testModels.js';

const texts = [
  'The cat sits on the mat.',
  'A man is playing a guitar on stage while the crowd sings along to every word of the chorus.',
  'Quarterly revenue grew 12% year over year.',
  'Hi',
  '東京は日本の首都です。',
  'Embeddings turn text into vectors that capture meaning, so similar sentences land close together.',
];

let provider: OnnxEmbeddingProvider;

beforeAll(async () => {
  provider = await loadOnnxEmbeddingProvider({
    modelDir: preparedModelDir('all-minilm-l6-v2'),
    session: { intraOpNumThreads: 2 },
  });
});

afterAll(async () => {
  await provider.dispose();
});

describe('OnnxEmbeddingProvider on all-MiniLM-L6-v2', () => {
  it('reports what it runs', () => {
    const info = provider.modelInfo();
    expect(info).toMatchObject({ id: 'all-minilm-l6-v2', dimension: 384, maxTokens: 256, pooling: 'mean' });
    expect(info.executionProvider).toBe('cpu');
    // CPU batch limits (a GPU provider would get 256 rows / 65,536 tokens); replicas planned from the cores.
    expect(info).toMatchObject({ maxBatchSize: 32, maxBatchTokens: 16_384, threads: 2 });
    expect(info.replicas).toBeGreaterThanOrEqual(1);
  });

  it('runs as the replicas it was asked for, each batch on a free one', async () => {
    const pooled = await loadOnnxEmbeddingProvider({
      modelDir: preparedModelDir('all-minilm-l6-v2'),
      replicas: 2,
      session: { intraOpNumThreads: 1 },
      batching: { maxBatchSize: 4 },
    });
    try {
      expect(pooled.modelInfo()).toMatchObject({ replicas: 2, threads: 1, maxBatchSize: 4 });
      const many = Array.from({ length: 16 }, (_, i) => `sentence number ${i} for two replicas`);
      const [together, alone] = await Promise.all([pooled.embed(many), provider.embed(many)]);
      for (const [i, vector] of together.embeddings.entries()) {
        expect(cosineSimilarity(vector, alone.embeddings[i] as Float32Array)).toBeGreaterThan(0.99999);
      }
      const runs = pooled.sessionStats()?.perReplica.map((replica) => replica.runs) ?? [];
      expect(runs).toHaveLength(2);
      expect(runs.every((count) => count > 0)).toBe(true);
    } finally {
      await pooled.dispose();
    }
  });

  it('shares one call of equal-length texts between two idle replicas, with the same vectors', async () => {
    const pooled = await loadOnnxEmbeddingProvider({
      modelDir: preparedModelDir('all-minilm-l6-v2'),
      replicas: 2,
      session: { intraOpNumThreads: 1 },
    });
    try {
      // 16 texts of one length: cutting by length gains nothing, so only sharing splits the batch.
      const same = Array.from(
        { length: 16 },
        (_, i) => `replica ${String.fromCharCode(97 + i)} shares this batch`,
      );
      const tokens = (await pooled.tokenize(same)).map((row) => row.tokenCount);
      expect(new Set(tokens).size).toBe(1);
      const [shared, whole] = await Promise.all([pooled.embed(same), provider.embed(same)]);
      for (const [i, vector] of shared.embeddings.entries()) {
        expect(cosineSimilarity(vector, whole.embeddings[i] as Float32Array)).toBeGreaterThan(0.99999);
      }
      expect(pooled.sessionStats()?.perReplica.map((replica) => replica.runs)).toEqual([1, 1]);
    } finally {
      await pooled.dispose();
    }
  });

  it('exposes the vocabulary and Matryoshka sizes it already holds', () => {
    const info = provider.modelInfo();
    expect(info.vocabSize).toBe(30522);
    expect(info.matryoshkaDimensions).toBeNull();
    expect(provider.idToToken(101)).toBe('[CLS]');
    expect(provider.idToToken(102)).toBe('[SEP]');
    expect(provider.idToToken(30521)).toBeTypeOf('string');
    expect(provider.idToToken(30522)).toBeUndefined();
    expect(provider.idToToken(99999)).toBeUndefined();
  });

  it('returns unit vectors in input order with token usage', async () => {
    const result = await provider.embed(texts);
    expect(result.embeddings).toHaveLength(texts.length);
    expect(result.dimension).toBe(384);
    for (const vector of result.embeddings) {
      expect(vector).toHaveLength(384);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    const encoded = await provider.tokenize(texts);
    const tokens = encoded.reduce((sum, item) => sum + item.tokenCount, 0);
    expect(result.usage).toEqual({ promptTokens: tokens, totalTokens: tokens });
    const alone = await provider.embed([texts[3] as string]);
    expect(
      cosineSimilarity(alone.embeddings[0] as Float32Array, result.embeddings[3] as Float32Array),
    ).toBeGreaterThan(0.99999);
  });

  it('gives the same vector alone and inside a batch of 32 (to 1e-5)', async () => {
    const batch = Array.from(
      { length: 32 },
      (_, i) => `${texts[i % texts.length]} (${'variant '.repeat(i % 7)}${i})`,
    );
    const together = await provider.embed(batch);
    for (const index of [0, 5, 17, 31]) {
      const alone = await provider.embed([batch[index] as string]);
      const a = alone.embeddings[0] as Float32Array;
      const b = together.embeddings[index] as Float32Array;
      let maxDiff = 0;
      for (let i = 0; i < a.length; i++)
        maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (b[i] as number)));
      expect(maxDiff).toBeLessThanOrEqual(1e-5);
    }
  });

  it('cuts a batch of mixed lengths into cheaper calls, and the vectors stay the same', async () => {
    const mixed = Array.from({ length: 32 }, (_, i) =>
      i % 4 === 0 ? `${texts[5]} ${'and then some more words '.repeat(3)}${i}` : `short ${i}`,
    );
    const load = (batchOverheadTokens: number, reports: BatchReport[]) =>
      loadOnnxEmbeddingProvider({
        modelDir: preparedModelDir('all-minilm-l6-v2'),
        replicas: 1,
        session: { intraOpNumThreads: 2 },
        batching: { batchOverheadTokens },
        onBatch: (report) => reports.push(report),
      });
    const cutReports: BatchReport[] = [];
    const wholeReports: BatchReport[] = [];
    const [cutProvider, wholeProvider] = await Promise.all([
      load(32, cutReports),
      load(1_000_000, wholeReports),
    ]);
    try {
      const cut = await cutProvider.embed(mixed);
      const whole = await wholeProvider.embed(mixed);
      expect(wholeReports).toHaveLength(1);
      expect(cutReports.length).toBeGreaterThan(1);
      const padded = (reports: BatchReport[]) => reports.reduce((sum, r) => sum + r.paddedTokens, 0);
      expect(padded(cutReports)).toBeLessThan(padded(wholeReports) / 2);
      expect(cutReports.reduce((sum, r) => sum + r.rows, 0)).toBe(32);
      for (let i = 0; i < mixed.length; i++) {
        expect(
          cosineSimilarity(cut.embeddings[i] as Float32Array, whole.embeddings[i] as Float32Array),
        ).toBeGreaterThan(0.99999);
      }
    } finally {
      await Promise.all([cutProvider.dispose(), wholeProvider.dispose()]);
    }
  });

  it('splits inputs larger than maxBatchSize and keeps their order', async () => {
    const many = Array.from({ length: 70 }, (_, i) => `sentence number ${i} ${'word '.repeat(i % 13)}`);
    const result = await provider.embed(many);
    expect(result.embeddings).toHaveLength(70);
    const check = await provider.embed([many[69] as string]);
    expect(
      cosineSimilarity(check.embeddings[0] as Float32Array, result.embeddings[69] as Float32Array),
    ).toBeGreaterThan(0.99999);
  });

  it('ranks a paraphrase above an unrelated sentence', async () => {
    const [cat, catParaphrase, unrelated] = (
      await provider.embed([
        'The cat sits on the mat.',
        'A cat is sitting on a mat.',
        'Interest rates rose again.',
      ])
    ).embeddings as [Float32Array, Float32Array, Float32Array];
    expect(cosineSimilarity(cat, catParaphrase)).toBeGreaterThan(cosineSimilarity(cat, unrelated) + 0.3);
  });

  it('honours normalize: false and Matryoshka dimensions', async () => {
    const raw = await provider.embed(['hello world'], { normalize: false });
    expect(Math.hypot(...(raw.embeddings[0] as Float32Array))).not.toBeCloseTo(1, 3);
    const short = await provider.embed(['hello world'], { dimensions: 128 });
    expect(short.dimension).toBe(128);
    expect(Math.hypot(...(short.embeddings[0] as Float32Array))).toBeCloseTo(1, 5);
    const prefix = (raw.embeddings[0] as Float32Array).subarray(0, 128);
    expect(cosineSimilarity(prefix, short.embeddings[0] as Float32Array)).toBeGreaterThan(0.99999);
  });

  it('truncates long inputs to maxTokens, or refuses them when truncate is false', async () => {
    const long = 'word '.repeat(600);
    const [encoded] = await provider.tokenize([long]);
    expect(encoded?.tokenCount).toBe(256);
    await expect(provider.embed([long], { truncate: false })).rejects.toMatchObject({
      code: 'INPUT_TOO_LONG',
    });
    const left = await provider.embed([`${'start '.repeat(400)} the end`], { truncationDirection: 'left' });
    expect(left.embeddings[0]).toHaveLength(384);
  });

  it.each([
    ['an empty list', [], 'INPUT_EMPTY'],
    ['an empty string', [''], 'INPUT_EMPTY'],
    ['a whitespace-only string', ['ok', ' \n\t '], 'INPUT_EMPTY'],
    ['a non-string', ['ok', 42], 'INPUT_INVALID'],
    ['null', [null], 'INPUT_INVALID'],
    ['a non-array', 'just a string', 'INPUT_INVALID'],
  ])('rejects %s with a clear AkidbError', async (_name, input, code) => {
    const attempt = provider.embed(input as unknown as string[]);
    await expect(attempt).rejects.toBeInstanceOf(AkidbError);
    await expect(attempt).rejects.toMatchObject({ code });
  });

  it('rejects dimensions out of range', async () => {
    for (const dimensions of [0, -1, 385, 1.5]) {
      await expect(provider.embed(['x'], { dimensions })).rejects.toMatchObject({
        code: 'DIMENSIONS_INVALID',
      });
    }
  });

  it('rejects an unknown prompt name and applies a literal prompt', async () => {
    await expect(provider.embed(['x'], { promptName: 'nope' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    const [withPrompt] = await provider.tokenize(['x'], { prompt: 'query: ' });
    const [plain] = await provider.tokenize(['x']);
    expect(withPrompt?.tokenCount).toBeGreaterThan(plain?.tokenCount ?? 0);
  });

  it('stops between batches when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(provider.embed(['a', 'b'], { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('passes its health check', async () => {
    const health = await provider.healthCheck();
    expect(health.ok).toBe(true);
    expect(health.model).toBe('all-minilm-l6-v2');
  });
});

describe('dispose', () => {
  it('waits for in-flight work, then refuses new calls with DISPOSED', async () => {
    const local = await loadOnnxEmbeddingProvider({ modelDir: preparedModelDir('all-minilm-l6-v2') });
    const inFlight = local.embed(Array.from({ length: 16 }, (_, i) => `in flight ${i}`));
    await local.dispose();
    await expect(inFlight).resolves.toMatchObject({ model: 'all-minilm-l6-v2' });
    await expect(local.embed(['after'])).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
