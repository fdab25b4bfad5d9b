import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelDirectory } from '@akidb/embedding-provider';
import { describe, expect, it } from 'vitest';
import { runBareTokens, runProfile } from './bareOrtRun.js';
import { runProvider } from './providerRun.js';
import type { Reference } from './reference.js';

// The real all-MiniLM-L6-v2 from the model home, against sentence-transformers' committed embeddings:
// the GPU bench's measuring code, run on the CPU provider.
const FIXTURES = join(import.meta.dirname, '../../../../tools/models/fixtures');
const sentences = (
  JSON.parse(readFileSync(join(FIXTURES, 'sentences.json'), 'utf8')) as { sentences: string[] }
).sentences;
const fixture = JSON.parse(readFileSync(join(FIXTURES, 'all-minilm-l6-v2.json'), 'utf8')) as {
  embeddings: number[][];
};
const reference: Reference = {
  texts: sentences.slice(0, 12),
  dimension: 384,
  device: 'cpu',
  rows: fixture.embeddings.slice(0, 12).map((row) => Float32Array.from(row)),
};
const modelDir = modelDirectory('all-minilm-l6-v2');
const options = { modelDir, variant: 'hf-fp32', threads: 1, batches: [1, 4], reps: 1, batchOneTexts: 3 };

describe('runProvider', () => {
  it('checks parity on every text and times each batch size, batch 1 on the first texts', async () => {
    const run = await runProvider({ ...options, ep: 'cpu' }, reference);
    expect(run.executionProvider).toBe('cpu');
    expect(run.minCosine).toBeGreaterThanOrEqual(0.9999);
    expect(run.throughput.map((t) => [t.batch, t.texts])).toEqual([
      [1, 3],
      [4, 12],
    ]);
    expect(run.throughput[0]?.p50Ms).toBeGreaterThan(0);
    expect(run.throughput[1]?.p50Ms).toBeUndefined();
  });

  it('reports a provider it cannot use, with the reason, instead of falling back', async () => {
    const run = await runProvider({ ...options, ep: 'cuda' }, reference);
    expect(run.executionProvider).toBeNull();
    expect(run.unavailable).toMatch(/cuda skipped: .*libonnxruntime_providers_cuda/);
    expect(run.throughput).toEqual([]);
  });
});

describe('runBareTokens and runProfile', () => {
  const model = join(modelDir, 'model.onnx');

  it('times full rows of the given length', async () => {
    const rows = await runBareTokens(model, 'hf-fp32', 'cpu', 1, [1, 2], 2, 16);
    expect(rows.map((r) => [r.batch, r.seq])).toEqual([
      [1, 16],
      [2, 16],
    ]);
    for (const row of rows) expect(row.tokensPerSecond).toBeGreaterThan(0);
  });

  it("sums ORT's own profile of five runs by provider and op", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'akidb-profile-'));
    const summary = await runProfile(model, 'cpu', 1, join(folder, 'profile'), 2, 16);
    expect(summary.runs).toBe(5);
    expect(readdirSync(folder)).toEqual([]);
    expect(Object.keys(summary.kernelMsByProvider)).toEqual(['CPUExecutionProvider']);
    expect(summary.topOps.map((o) => o.op)).toContain('MatMul');
  });
});
