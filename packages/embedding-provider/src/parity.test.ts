import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cosineSimilarity } from '@akidb/pooling';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOnnxEmbeddingProvider } from './loadOnnxEmbeddingProvider.js';
import type { OnnxEmbeddingProvider } from './onnxEmbeddingProvider.js';
import { preparedModelDir, REPO_ROOT } from './testModels.js';

interface ReferenceFixture {
  model: string;
  dimension: number;
  tokenCounts: number[];
  embeddings: number[][];
}

const FIXTURES = join(REPO_ROOT, 'tools', 'models', 'fixtures');
const sentences = (
  JSON.parse(readFileSync(join(FIXTURES, 'sentences.json'), 'utf8')) as { sentences: string[] }
).sentences;

function reference(model: string): ReferenceFixture {
  return JSON.parse(readFileSync(join(FIXTURES, `${model}.json`), 'utf8')) as ReferenceFixture;
}

/**
 * Every prepared model against sentence-transformers on the committed fixture sentences: fp32 must
 * match to cosine >= 0.9999 on every sentence, fp16 to >= 0.999, int8 to >= 0.99 (against the fp32 reference).
 */
const cases = [
  { model: 'all-minilm-l6-v2', reference: 'all-minilm-l6-v2', minCosine: 0.9999, sameTokens: true },
  { model: 'all-minilm-l6-v2-int8', reference: 'all-minilm-l6-v2', minCosine: 0.99, sameTokens: true },
  { model: 'all-minilm-l6-v2-fp16', reference: 'all-minilm-l6-v2', minCosine: 0.999, sameTokens: true },
  { model: 'all-mpnet-base-v2', reference: 'all-mpnet-base-v2', minCosine: 0.9999, sameTokens: true },
  { model: 'all-mpnet-base-v2-int8', reference: 'all-mpnet-base-v2', minCosine: 0.99, sameTokens: true },
  {
    model: 'paraphrase-minilm-l3-v2',
    reference: 'paraphrase-minilm-l3-v2',
    minCosine: 0.9999,
    sameTokens: true,
  },
];

const loaded: OnnxEmbeddingProvider[] = [];
afterAll(async () => {
  await Promise.all(loaded.map((provider) => provider.dispose()));
});

// Loading mpnet (436 MB) and running 50 sentences can pass vitest's 60 s default on a busy 2-core machine.
describe.each(cases)(
  'parity with sentence-transformers: $model',
  ({ model, reference: refId, minCosine }) => {
    it(`matches the reference on all ${sentences.length} fixture sentences (cosine >= ${minCosine})`, async () => {
      const fixture = reference(refId);
      expect(fixture.embeddings).toHaveLength(sentences.length);
      const provider = await loadOnnxEmbeddingProvider({ modelDir: preparedModelDir(model) });
      loaded.push(provider);
      const result = await provider.embed(sentences);
      expect(result.dimension).toBe(fixture.dimension);
      const cosines = result.embeddings.map((vector, i) =>
        cosineSimilarity(vector, fixture.embeddings[i] as number[]),
      );
      const worst = Math.min(...cosines);
      const worstIndex = cosines.indexOf(worst);
      expect(
        worst,
        `worst sentence #${worstIndex}: ${JSON.stringify(sentences[worstIndex])}`,
      ).toBeGreaterThanOrEqual(minCosine);
      // Same tokenization as the reference, truncation included (special tokens kept).
      const encoded = await provider.tokenize(sentences);
      expect(encoded.map((item) => item.tokenCount)).toEqual(fixture.tokenCounts);
      await provider.dispose();
    }, 180_000);
  },
);
