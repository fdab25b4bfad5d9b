import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cosineSimilarity, l2Normalize, weightedMean } from '@akidb/pooling';
import type { TextTokenizer } from '@akidb/tokenization';
import { loadTokenizer } from '@akidb/tokenization';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnxEmbeddingProvider } from './loadOnnxEmbeddingProvider.js';
import type { OnnxEmbeddingProvider } from './onnxEmbeddingProvider.js';
import { preparedModelDir, REPO_ROOT } from './testModels.js';

const CHUNK = { truncate: false, longInput: 'chunk' } as const;
let provider: OnnxEmbeddingProvider;
let tokenizer: TextTokenizer;
let longText: string;

/** Real prose from the repo's docs, cut to the first word boundary at or past 3,000 tokens. */
function textOfTokens(target: number): string {
  const words = ['README.md', 'docs/decisions.md']
    .map((file) => readFileSync(join(REPO_ROOT, file), 'utf8'))
    .join('\n')
    .split(/\s+/);
  let text = '';
  for (let at = 0; at < words.length; at += 20) {
    text = words.slice(0, at + 20).join(' ');
    if (tokenizer.countTokens(text) >= target) return text;
  }
  throw new Error('not enough text in the docs');
}

beforeAll(async () => {
  const dir = preparedModelDir('all-minilm-l6-v2');
  provider = await loadOnnxEmbeddingProvider({ modelDir: dir, session: { intraOpNumThreads: 2 } });
  tokenizer = await loadTokenizer(dir);
  longText = textOfTokens(3000);
});
afterAll(() => provider?.dispose());

describe("long inputs with longInput: 'chunk' (all-minilm-l6-v2, 256 tokens)", () => {
  it('embeds a 3,000-token text, reports its windows, and is deterministic', async () => {
    expect(tokenizer.countTokens(longText)).toBeGreaterThanOrEqual(3000);
    const first = await provider.embed([longText], CHUNK);
    const windows = tokenizer.encodeWindows(longText, { maxTokens: 256 });
    expect(first.chunks).toEqual([windows.length]);
    expect(windows.length).toBeGreaterThanOrEqual(13);
    expect(first.tokenCounts).toEqual([windows.reduce((sum, w) => sum + w.tokenCount, 0)]);
    expect(first.usage.promptTokens).toBe(first.tokenCounts?.[0]);
    const vector = first.embeddings[0] as Float32Array;
    expect(vector).toHaveLength(384);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    const again = await provider.embed([longText], CHUNK);
    expect(Array.from(again.embeddings[0] as Float32Array)).toEqual(Array.from(vector));
    // Batched together with other inputs, the windows give the same vector.
    const mixed = await provider.embed(['a short text', longText, 'another one'], CHUNK);
    expect(mixed.chunks).toEqual([1, windows.length, 1]);
    expect(cosineSimilarity(mixed.embeddings[1] as Float32Array, vector)).toBeGreaterThanOrEqual(0.99999);
  });

  it('is the token-weighted mean of its windows embedded separately (cosine >= 0.9999)', async () => {
    const chunked = (await provider.embed([longText], CHUNK)).embeddings[0] as Float32Array;
    const windows = tokenizer.encodeWindows(longText, { maxTokens: 256 });
    const parts: Float32Array[] = [];
    for (const window of windows) {
      const { embeddings } = await provider.embed(
        { tokenIds: [Array.from(window.ids)] },
        { normalize: false },
      );
      parts.push(embeddings[0] as Float32Array);
    }
    const mean = weightedMean(
      parts,
      windows.map((w) => w.tokenCount),
    );
    l2Normalize(mean, 1, mean.length);
    expect(cosineSimilarity(chunked, mean)).toBeGreaterThanOrEqual(0.9999);
  });

  it('gives a text that fits the same vector as without chunking, as one chunk', async () => {
    const plain = await provider.embed(['the cat sat on the mat']);
    const chunked = await provider.embed(['the cat sat on the mat'], CHUNK);
    expect(chunked.chunks).toEqual([1]);
    expect(Array.from(chunked.embeddings[0] as Float32Array)).toEqual(
      Array.from(plain.embeddings[0] as Float32Array),
    );
  });

  it('keeps the defaults: truncation, or INPUT_TOO_LONG with truncate: false', async () => {
    const truncated = await provider.embed([longText]);
    expect(truncated.chunks).toBeUndefined();
    expect(truncated.usage.promptTokens).toBe(256);
    await expect(provider.embed([longText], { truncate: false })).rejects.toMatchObject({
      code: 'INPUT_TOO_LONG',
    });
  });

  it('refuses chunking with truncate: true, token ids, or an unknown mode', async () => {
    await expect(provider.embed([longText], { truncate: true, longInput: 'chunk' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(provider.embed({ tokenIds: [[101, 102]] }, CHUNK)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(provider.embed(['x'], { longInput: 'split' as never })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });

  it('applies dimensions and normalize after combining the windows', async () => {
    const raw = (await provider.embed([longText], { ...CHUNK, normalize: false }))
      .embeddings[0] as Float32Array;
    const small = (await provider.embed([longText], { ...CHUNK, dimensions: 128 }))
      .embeddings[0] as Float32Array;
    const expected = l2Normalize(raw.slice(0, 128), 1, 128);
    expect(small).toHaveLength(128);
    expect(cosineSimilarity(small, expected)).toBeGreaterThanOrEqual(0.99999);
  });
});
