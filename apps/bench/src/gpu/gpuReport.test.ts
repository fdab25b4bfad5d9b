import { describe, expect, it } from 'vitest';
import type { GpuReport } from './gpuReport.js';
import { parityFloor, renderGpuMarkdown } from './gpuReport.js';

const report: GpuReport = {
  dryRun: false,
  machine: { node: 'v20.20.2', cores: 16 },
  build: null,
  anchor: {
    device: 'cuda',
    gpu: 'NVIDIA H200',
    torch: '2.11.0',
    textsPerSecond: [
      { batch: 1, textsPerSecond: 278, p50Ms: 3.4 },
      { batch: 256, textsPerSecond: 15243 },
    ],
    tokensPerSecond: [{ precision: 'fp16', batch: 256, seq: 128, tokensPerSecond: 3_800_000 }],
  },
  providerRuns: [
    {
      variant: 'fused-fp16',
      requested: 'webgpu',
      executionProvider: 'webgpu',
      minCosine: 0.99987,
      throughput: [
        { batch: 1, texts: 256, textsPerSecond: 61.5, p50Ms: 14.2 },
        { batch: 256, texts: 1024, textsPerSecond: 1896 },
      ],
    },
    {
      variant: 'fused-fp32',
      requested: 'cuda',
      executionProvider: null,
      unavailable: 'cuda skipped: no libraries',
      throughput: [],
    },
    { variant: 'hf-fp32', requested: 'cpu', executionProvider: 'cpu', minCosine: 0.99985, throughput: [] },
  ],
  bareTokens: [{ variant: 'fused-fp16', ep: 'webgpu', batch: 256, seq: 128, tokensPerSecond: 80_000 }],
  placements: [
    {
      variant: 'fused-fp16',
      ep: 'webgpu',
      nodesByProvider: { WebGpuExecutionProvider: 168, CPUExecutionProvider: 43 },
      fallbackOps: { Shape: 1, Concat: 12 },
      fallbackNodes: [],
      copies: ['MemcpyFromHost input_ids'],
    },
  ],
  profiles: [],
  errors: ['bare ORT hf-fp32 on webgpu: boom'],
};

describe('renderGpuMarkdown', () => {
  const md = renderGpuMarkdown(report);

  it('puts the provider next to sentence-transformers per batch size, with batch-1 latency', () => {
    expect(md).toContain('| batch | fused-fp16 on webgpu | hf-fp32 on cpu | sentence-transformers (cuda) |');
    expect(md).toContain('| 1 | 62 (p50 14.2 ms) | – | 278 (p50 3.4 ms) |');
    expect(md).toContain('| 256 | 1,896 | – | 15,243 |');
  });

  it('judges parity per precision and says why a provider was not used', () => {
    expect(md).toContain('| fused-fp16 | webgpu | 0.9998700 | ≥ 0.999 | pass |');
    expect(md).toContain('| hf-fp32 | cpu | 0.9998500 | ≥ 0.9999 | FAIL |');
    expect(md).toContain('unavailable: cuda skipped: no libraries');
  });

  it('shows tokens/s beside torch, placement, errors, and marks a dry run', () => {
    expect(md).toContain('| 256 | 80,000 | 3,800,000 |');
    expect(md).toContain('| fused-fp16 | webgpu | WebGpu 168, CPU 43 | Shape ×1, Concat ×12 | 1 |  |');
    expect(md).toContain('- bare ORT hf-fp32 on webgpu: boom');
    expect(md.startsWith('# GPU bench\n')).toBe(true);
    expect(renderGpuMarkdown({ ...report, dryRun: true })).toMatch(/^# GPU bench: dry run/);
  });

  it('shows each cores layout and judges the planned ones against 5x, or says none was run', () => {
    const withCores = renderGpuMarkdown({
      ...report,
      cores: [
        { plan: { cpus: 2 }, pinned: true, replicas: 2, threads: 1, textsPerSecond: 1000 },
        { plan: { cpus: 16 }, pinned: true, replicas: 16, threads: 1, textsPerSecond: 4200 },
        { plan: { cpus: 16, replicas: 1, threads: 16 }, pinned: true, error: 'exit 1: boom' },
      ],
      coresScaling: { fromCpus: 2, toCpus: 16, ratio: 4.2, target: 5 },
    });
    expect(withCores).toContain('| 2 cores, planned | 2 x 1 | yes | 1,000 |  |');
    expect(withCores).toContain('| 16 cores, 1 x 16 | – | yes | – | exit 1: boom |');
    expect(withCores).toContain('on 16 cores ÷ on 2: 4.20x (target ≥ 5x: missed)');
    const dry = renderGpuMarkdown({
      ...report,
      cores: [{ plan: { cpus: 1 }, pinned: true, replicas: 1, threads: 1, textsPerSecond: 400 }],
      coresScaling: { fromCpus: 1, toCpus: 2, ratio: 2, target: 5 },
    });
    expect(dry).toContain(
      'on 2 cores ÷ on 1: 2.00x (the ≥ 5x target is for 16 cores against 2; not judged here)',
    );
    expect(md).toContain('## Replicas x threads on the CPU (short texts)\n\nnot run');
  });

  it('asks 0.9999 of fp32 variants and 0.999 of fp16 ones', () => {
    expect(parityFloor('hf-fp32')).toBe(0.9999);
    expect(parityFloor('fused-fp16-pooled')).toBe(0.999);
  });
});
