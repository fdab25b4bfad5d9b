import { describe, expect, it } from 'vitest';
import { parseGpuArgs } from './gpuArgs.js';

describe('parseGpuArgs', () => {
  it('has the device defaults: webgpu and cuda, four variants, CPU baseline on hf-fp32, 16 threads', () => {
    const args = parseGpuArgs(['--work', 'w', '--out', 'o']);
    expect(args).toMatchObject({
      work: 'w',
      out: 'o',
      eps: ['webgpu', 'cuda'],
      variants: ['hf-fp32', 'fused-fp32', 'fused-fp16', 'fused-fp16-pooled'],
      cpuVariants: ['hf-fp32'],
      threads: 16,
      batches: [1, 8, 32, 128, 256],
      rows: [1, 8, 32, 128, 256],
      reps: 2,
      batchOneTexts: 256,
      profileRows: 32,
      dryRun: false,
      cores: [
        { cpus: 2 },
        { cpus: 16 },
        { cpus: 16, replicas: 1, threads: 16 },
        { cpus: 16, replicas: 8, threads: 2 },
      ],
      coresSeconds: 8,
      coresOnly: false,
    });
  });

  it('takes the dry-run settings and an empty provider list', () => {
    const args = parseGpuArgs(['--work=w', '--out=o', '--eps=', '--batches=1,8', '--threads=2', '--reps=1']);
    expect(args.eps).toEqual([]);
    expect(args.batches).toEqual([1, 8]);
    expect(args.threads).toBe(2);
    expect(parseGpuArgs(['--work=w', '--out=o', '--dry-run']).dryRun).toBe(true);
  });

  it('takes the cores layouts, their seconds and cores-only; an empty list skips the check', () => {
    const args = parseGpuArgs([
      '--work=w',
      '--out=o',
      '--cores=1,2:2x1',
      '--cores-seconds=3',
      '--cores-only',
    ]);
    expect(args.cores).toEqual([{ cpus: 1 }, { cpus: 2, replicas: 2, threads: 1 }]);
    expect(args.coresSeconds).toBe(3);
    expect(args.coresOnly).toBe(true);
    expect(parseGpuArgs(['--work=w', '--out=o', '--cores=']).cores).toEqual([]);
    expect(() => parseGpuArgs(['--work=w', '--out=o', '--cores=16:1x'])).toThrow(/--cores/);
  });

  it('refuses missing folders and bad numbers', () => {
    expect(() => parseGpuArgs(['--work', 'w'])).toThrow(/--out/);
    expect(() => parseGpuArgs(['--work', 'w', '--out', 'o', '--batches', '8,0'])).toThrow(/--batches/);
    expect(() => parseGpuArgs(['--work', 'w', '--out', 'o', '--nope'])).toThrow();
  });
});
