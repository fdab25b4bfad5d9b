import { describe, expect, it } from 'vitest';
import {
  CORES_SCALING_TARGET,
  coresPlanLabel,
  coresScaling,
  parseCoresPlans,
  parseCpuList,
} from './coresPlan.js';

describe('parseCoresPlans', () => {
  it('reads planned and forced layouts', () => {
    expect(parseCoresPlans(' 2, 16 ,16:1x16,16:8x2')).toEqual([
      { cpus: 2 },
      { cpus: 16 },
      { cpus: 16, replicas: 1, threads: 16 },
      { cpus: 16, replicas: 8, threads: 2 },
    ]);
    expect(parseCoresPlans('')).toEqual([]);
  });

  it('refuses zero, fractions, missing threads and extra separators', () => {
    for (const bad of ['0', '1.5', '16:4', '16:1x', '16:1x2x3', '2:1x1:3', 'x']) {
      expect(() => parseCoresPlans(bad), bad).toThrow(/--cores/);
    }
  });
});

describe('coresPlanLabel', () => {
  it('names the cores and the layout', () => {
    expect(coresPlanLabel({ cpus: 1 })).toBe('1 core, planned');
    expect(coresPlanLabel({ cpus: 16, replicas: 1, threads: 16 })).toBe('16 cores, 1 x 16');
  });
});

describe('coresScaling', () => {
  it('divides the planned layout on the most cores by the one on the fewest, ignoring forced ones', () => {
    const scaling = coresScaling([
      { plan: { cpus: 16 }, pinned: true, textsPerSecond: 6000 },
      { plan: { cpus: 2 }, pinned: true, textsPerSecond: 1000 },
      { plan: { cpus: 16, replicas: 1, threads: 16 }, pinned: true, textsPerSecond: 9000 },
    ]);
    expect(scaling).toEqual({ fromCpus: 2, toCpus: 16, ratio: 6, target: CORES_SCALING_TARGET });
  });

  it('gives no ratio when a planned layout failed or only one core count ran', () => {
    expect(
      coresScaling([
        { plan: { cpus: 2 }, pinned: true, textsPerSecond: 1000 },
        { plan: { cpus: 16 }, pinned: false, error: 'this machine has 2 cores' },
      ]),
    ).toBeUndefined();
    expect(coresScaling([{ plan: { cpus: 2 }, pinned: true, textsPerSecond: 1000 }])).toBeUndefined();
  });
});

describe('parseCpuList', () => {
  it('expands ranges and single CPUs in order', () => {
    expect(parseCpuList('0-3,8,10-11\n')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('32-33')).toEqual([32, 33]);
  });

  it('refuses what is not a CPU list', () => {
    expect(() => parseCpuList('3-1')).toThrow(/CPU list/);
    expect(() => parseCpuList('a')).toThrow(/CPU list/);
  });
});
