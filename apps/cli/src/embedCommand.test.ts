import type { EmbeddingService } from '@akidb/embedding-provider';
import { cosineSimilarity, createEmbeddingService } from '@akidb/embedding-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_MODELS_DIR } from './openService.js';
import { runCli } from './runCli.js';

interface EmbedJson {
  model: string;
  dimension: number;
  usage: { prompt_tokens: number; total_tokens: number };
  embeddings: number[][];
}

const norm = (vector: readonly number[]): number => Math.hypot(...vector);

let service: EmbeddingService;

beforeAll(async () => {
  service = await createEmbeddingService({ manifestsDirs: [REPO_MODELS_DIR] });
});

afterAll(async () => {
  await service.close();
});

describe('akidb embed on the real all-minilm-l6-v2', () => {
  const texts = ['The cat sits on the mat.', 'Quarterly revenue grew 12% year over year.'];

  it('--json prints 384-dim unit vectors equal to the in-process provider', async () => {
    const run = await runCli(['embed', '--model', 'minilm', '--json', ...texts]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as EmbedJson;
    const expected = await service.embed({ model: 'all-minilm-l6-v2', texts });
    expect(printed.model).toBe('all-minilm-l6-v2');
    expect(printed.dimension).toBe(384);
    expect(printed.usage).toEqual({
      prompt_tokens: expected.usage.promptTokens,
      total_tokens: expected.usage.totalTokens,
    });
    expect(printed.embeddings).toHaveLength(2);
    printed.embeddings.forEach((vector, index) => {
      expect(vector).toHaveLength(384);
      expect(norm(vector)).toBeCloseTo(1, 5);
      expect(cosineSimilarity(vector, expected.embeddings[index] as Float32Array)).toBeGreaterThanOrEqual(
        0.99999,
      );
    });
  });

  it('reads texts from stdin, one per non-empty line, and uses the default model', async () => {
    const run = await runCli(['embed', '--json'], { input: `${texts[0]}\n\n${texts[1]}\r\n` });
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as EmbedJson;
    expect(printed.model).toBe('all-minilm-l6-v2');
    const expected = await service.embed({ texts });
    expect(printed.embeddings).toHaveLength(2);
    printed.embeddings.forEach((vector, index) => {
      expect(cosineSimilarity(vector, expected.embeddings[index] as Float32Array)).toBeGreaterThanOrEqual(
        0.99999,
      );
    });
  });

  it('honours --dimensions and --no-normalize', async () => {
    const cut = JSON.parse(
      (await runCli(['embed', '--json', '--dimensions', '128', texts[0] as string])).stdout,
    );
    expect(cut.dimension).toBe(128);
    expect(norm(cut.embeddings[0])).toBeCloseTo(1, 5);
    const raw = JSON.parse((await runCli(['embed', '--json', '--no-normalize', texts[0] as string])).stdout);
    const expected = await service.embed({ texts: [texts[0] as string], normalize: false });
    expect(Math.abs(norm(raw.embeddings[0]) - 1)).toBeGreaterThan(0.01);
    expect(norm(raw.embeddings[0])).toBeCloseTo(norm(Array.from(expected.embeddings[0] as Float32Array)), 4);
  });

  it('prints a human summary: dimension, first 8 components, norm, tokens and time', async () => {
    const run = await runCli(['embed', texts[0] as string]);
    expect(run.code).toBe(0);
    const expected = await service.embed({ texts: [texts[0] as string] });
    const first = Array.from((expected.embeddings[0] as Float32Array).subarray(0, 8), (x) => x.toFixed(4));
    expect(run.stdout).toContain('model      all-minilm-l6-v2\n');
    expect(run.stdout).toContain('dimension  384\n');
    expect(run.stdout).toContain(`tokens     ${expected.usage.totalTokens} (1 text)\n`);
    expect(run.stdout).toMatch(/time {7}load [\d.]+ ms, embed [\d.]+ ms \(tokenize/);
    expect(run.stdout).toContain(`[0] "${texts[0]}"\n    [${first.join(', ')}, ...]\n    norm 1.000000\n`);
  });

  it('fails with MODEL_NOT_FOUND and exit 1 for an unknown model', async () => {
    const run = await runCli(['embed', '--model', 'no-such-model', 'hello']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error \[MODEL_NOT_FOUND\]: .*no-such-model/);
  });

  it('fails with MODEL_NOT_INSTALLED and says how to pull a model that is converted on pull', async () => {
    const run = await runCli(['embed', '--model', 'qwen3-embedding-0.6b', 'hello']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error \[MODEL_NOT_INSTALLED\]: Model "qwen3-embedding-0.6b" is not installed.*Run `akidb models pull qwen3-embedding-0.6b`/,
    );
  });
});
