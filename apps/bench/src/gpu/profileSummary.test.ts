import { describe, expect, it } from 'vitest';
import { summarizeProfile } from './profileSummary.js';

const node = (op: string, provider: string, dur: number) => ({
  cat: 'Node',
  name: `/some/${op}_kernel_time`,
  dur,
  args: { op_name: op, provider },
});

describe('summarizeProfile', () => {
  it('sums kernel time by provider and op type, in milliseconds, longest first', () => {
    const summary = summarizeProfile([
      { cat: 'Session', name: 'model_loading_uri', dur: 99_000 },
      { cat: 'Session', name: 'model_run', dur: 4_000 },
      { cat: 'Session', name: 'model_run', dur: 6_000 },
      node('MatMul', 'WebGpuExecutionProvider', 1_500),
      node('MatMul', 'WebGpuExecutionProvider', 500),
      node('Shape', 'CPUExecutionProvider', 10),
      node('MemcpyToHost', 'WebGpuExecutionProvider', 3_000),
      { cat: 'Node', name: '/some/MatMul_fence_before', dur: 7, args: { op_name: 'MatMul' } },
    ]);
    expect(summary.runs).toBe(2);
    expect(summary.runMs).toBe(10);
    expect(summary.kernelMsByProvider).toEqual({ WebGpuExecutionProvider: 5, CPUExecutionProvider: 0.01 });
    expect(summary.topOps).toEqual([
      { op: 'MemcpyToHost', provider: 'WebGpuExecutionProvider', calls: 1, ms: 3 },
      { op: 'MatMul', provider: 'WebGpuExecutionProvider', calls: 2, ms: 2 },
      { op: 'Shape', provider: 'CPUExecutionProvider', calls: 1, ms: 0.01 },
    ]);
  });

  it('keeps only the `top` op types', () => {
    const events = ['A', 'B', 'C'].map((op, i) => node(op, 'CPUExecutionProvider', (i + 1) * 1000));
    expect(summarizeProfile(events, 2).topOps.map((o) => o.op)).toEqual(['C', 'B']);
  });
});
