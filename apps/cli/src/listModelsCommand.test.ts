import { describe, expect, it } from 'vitest';
import type { ListedModelJson } from './listModelsCommand.js';
import { runCli } from './runCli.js';

describe('akidb models list on the real model home', () => {
  it('--json lists all-minilm-l6-v2 as installed and default, and the Qwen3-Embedding models as downloadable', async () => {
    const run = await runCli(['models', 'list', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { models } = JSON.parse(run.stdout) as { models: ListedModelJson[] };
    const minilm = models.find((model) => model.id === 'all-minilm-l6-v2');
    expect(minilm).toMatchObject({
      state: 'installed',
      dimension: 384,
      max_tokens: 256,
      pooling: 'mean',
      default: true,
    });
    expect(minilm).not.toHaveProperty('reason');
    expect(models.filter((model) => model.default)).toHaveLength(1);
    const qwen = models.filter((model) => /^qwen3-embedding-[0-9.]+b$/.test(model.id));
    expect(qwen.map((model) => model.id).sort()).toEqual([
      'qwen3-embedding-0.6b',
      'qwen3-embedding-4b',
      'qwen3-embedding-8b',
    ]);
    for (const model of qwen) {
      expect(model.state).toBe('downloadable');
      expect(Object.keys(model)).toEqual([
        'id',
        'aliases',
        'state',
        'dimension',
        'max_tokens',
        'pooling',
        'memory_mb',
        'default',
      ]);
    }
    const unprepared = models.find((model) => model.id === 'qwen3-0.6b-random');
    if (unprepared?.state === 'unavailable')
      expect(unprepared.reason).toContain('pnpm models:prepare --only');
  });

  it('prints a table with a header, the default marker and the reasons', async () => {
    const run = await runCli(['models', 'list']);
    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+STATE\s+DIM\s+MAX TOKENS\s+POOLING\s+MEMORY MB\s+DEFAULT\s+REASON$/);
    expect(rows.find((row) => row.startsWith('all-minilm-l6-v2 '))).toMatch(
      /^all-minilm-l6-v2\s+installed\s+384\s+256\s+mean\s+\d+\s+\*$/,
    );
    expect(rows.find((row) => row.startsWith('qwen3-embedding-8b '))).toMatch(
      /^qwen3-embedding-8b\s+downloadable\s+4096\s+8192\s+last\s+\d+$/,
    );
  });
});
