import { describe, expect, it } from 'vitest';
import { defaultBatchLimits } from './defaultBatchLimits.js';

describe('defaultBatchLimits', () => {
  it('keeps the CPU at 32 rows and 16,384 tokens', () => {
    expect(defaultBatchLimits('cpu')).toEqual({
      maxBatchSize: 32,
      maxBatchTokens: 16_384,
      batchOverheadTokens: 32,
    });
  });

  it('lets GPU providers take 256 rows and 65,536 tokens', () => {
    for (const name of ['webgpu', 'cuda', 'tensorrt', 'dml', 'coreml']) {
      expect(defaultBatchLimits(name)).toEqual({
        maxBatchSize: 256,
        maxBatchTokens: 65_536,
        batchOverheadTokens: 4_096,
      });
    }
  });

  it('reads provider names as createSession does: case and spaces do not matter', () => {
    expect(defaultBatchLimits(' WebGPU ')).toEqual(defaultBatchLimits('webgpu'));
    expect(defaultBatchLimits('CUDA').maxBatchSize).toBe(256);
  });

  it('treats an unknown provider like the CPU', () => {
    expect(defaultBatchLimits('xnnpack')).toEqual(defaultBatchLimits('cpu'));
  });

  it('fits a full batch of MiniLM-length rows in the GPU token budget, and half a batch at 512', () => {
    const gpu = defaultBatchLimits('cuda');
    expect(gpu.maxBatchSize * 256).toBeLessThanOrEqual(gpu.maxBatchTokens);
    expect(Math.floor(gpu.maxBatchTokens / 512)).toBe(gpu.maxBatchSize / 2);
    const cpu = defaultBatchLimits('cpu');
    expect(cpu.maxBatchSize * 512).toBe(cpu.maxBatchTokens);
  });
});
