import { describe, expect, it } from 'vitest';
import { renderQwenSection, SECTION_END, SECTION_START, spliceSection } from './qwenSection.js';
import type { QwenReport } from './qwenTypes.js';

const latency = (p50Ms: number) => ({
  samples: 5,
  meanMs: p50Ms,
  p50Ms,
  p95Ms: p50Ms * 1.5,
  p99Ms: p50Ms * 2,
  minMs: 1,
  maxMs: 9,
});

const report: QwenReport = {
  startedAt: '2026-01-01T00:00:00.000Z',
  durationS: 60,
  command: 'bench:qwen --quick',
  machine: { cpus: 'CPU', cpuCount: 2, memoryGB: 16, loadAverageStart: 0.1, loadAverageEnd: 0.2 },
  threads: 2,
  seconds: 2,
  texts: { count: 45, meanTokens: 12.5 },
  variants: [
    {
      variant: 'fp32',
      id: 'qwen3-0.6b-random',
      modelBytes: 2.4e9,
      load: {
        coldLoadMs: 3000,
        firstBatchMs: 200,
        baselineRssMB: 100,
        loadedRssMB: 2600,
        afterBatchRssMB: 2700,
        peakRssMB: 2800,
      },
      cells: [
        {
          batchSize: 8,
          ours: latency(100),
          bare: latency(98),
          oursTextsPerSecond: 80,
          bareTextsPerSecond: 81.6,
          oursOverBare: 0.98,
        },
      ],
    },
  ],
  sentenceTransformers: {
    threads: 2,
    coldLoadMs: 5000,
    loadedRssMB: 2500,
    peakRssMB: 2600,
    cells: [{ batchSize: 8, calls: 5, p50Ms: 200, p95Ms: 250, textsPerSecond: 40 }],
    versions: { torch: '2.13.0' },
  },
  notes: ['a note'],
};

describe('renderQwenSection', () => {
  it('renders load, throughput and sentence-transformers tables between markers', () => {
    const section = renderQwenSection(report);
    expect(section.startsWith(SECTION_START)).toBe(true);
    expect(section.trimEnd().endsWith(SECTION_END)).toBe(true);
    expect(section).toContain(
      '| `qwen3-0.6b-random` | 2400 MB | 3.00 s | 200 ms | 2600 MB | 2700 MB | 2800 MB |',
    );
    expect(section).toContain('| `fp32` | 8 | 80.0 | 100 / 150 ms | 81.6 | 98 / 147 ms | 0.98× |');
    expect(section).toContain('| 8 | 40.0 | 200 / 250 ms | 2.00× |');
    expect(section).toContain('- a note');
  });

  it('replaces an existing section and appends a missing one', () => {
    const section = renderQwenSection(report);
    const appended = spliceSection('# Doc\n\ntext\n', section);
    expect(appended).toBe(`# Doc\n\ntext\n\n${section}`);
    const replaced = spliceSection(`${appended}after\n`, section.replace('a note', 'another'));
    expect(replaced).toContain('- another');
    expect(replaced).not.toContain('- a note');
    expect(replaced.endsWith(`${SECTION_END}\nafter\n`)).toBe(true);
  });
});
