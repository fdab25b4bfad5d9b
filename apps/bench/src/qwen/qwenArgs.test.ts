import { describe, expect, it } from 'vitest';
import { parseQwenArgs, variantId } from './qwenArgs.js';

describe('parseQwenArgs', () => {
  it('defaults to all variants at batch 1/8/32 with every CPU', () => {
    const options = parseQwenArgs([], 4, new Date('2026-01-02T03:04:05.000Z'));
    expect(options).toMatchObject({ variants: ['fp32', 'fp16', 'int8'], batchSizes: [1, 8, 32], threads: 4 });
    expect(options.outDir).toBe('apps/bench/results/qwen-2026-01-02T03-04-05-000Z');
  });

  it('--quick shrinks the run, later flags still apply', () => {
    const options = parseQwenArgs(['--quick', '--variants', 'int8', '--threads', '2', '--no-st'], 8);
    expect(options).toMatchObject({ seconds: 2, batchSizes: [1, 8], variants: ['int8'], threads: 2 });
    expect(options.sentenceTransformers).toBe(false);
  });

  it('rejects unknown variants and arguments', () => {
    expect(() => parseQwenArgs(['--variants', 'fp8'], 2)).toThrow(/unknown variant/);
    expect(() => parseQwenArgs(['--frobnicate'], 2)).toThrow(/unknown argument/);
    expect(() => parseQwenArgs(['--threads', '0'], 2)).toThrow(/positive/);
  });

  it('names variants after the fp32 id', () => {
    expect(variantId('qwen3-0.6b-random', 'fp32')).toBe('qwen3-0.6b-random');
    expect(variantId('qwen3-0.6b-random', 'int8')).toBe('qwen3-0.6b-random-int8');
  });
});
