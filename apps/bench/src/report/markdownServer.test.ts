import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateServerChecks } from '../server/evaluateServerChecks.js';
import { testComparison } from '../server/testComparison.js';
import { checkServerOutputs, markdownTableProblems } from './checkOutputs.js';
import { validateJson } from './jsonSchema.js';
import { serverSection } from './markdownServer.js';
import { SERVER_REPORT_SCHEMA } from './reportSchema.js';
import type { ServerBenchReport } from './serverReportTypes.js';
import { writeServerReport } from './writeServerReport.js';

function comparison(): ServerBenchReport['comparison'] {
  const c = testComparison();
  c.checks = evaluateServerChecks(c.contenders, c.inProcess);
  return c;
}

function report(): ServerBenchReport {
  return {
    version: 1,
    kind: 'server',
    startedAt: '2025-01-02T03:04:05.000Z',
    finishedAt: '2025-01-02T03:14:05.000Z',
    durationS: 600,
    command: 'bench:server',
    machine: {
      os: 'linux',
      arch: 'x64',
      cpuModel: 'test',
      cpus: 2,
      totalMemoryMB: 8192,
      node: 'v20',
      versions: {},
      loadAverageStart: 0.1,
      loadAverageEnd: 0.2,
    },
    quick: false,
    comparison: comparison(),
  };
}

describe('serverSection', () => {
  const md = serverSection(comparison(), 'assets/');
  const lines = md.split('\n');

  it('lays out texts/s per load and contender like the issue table', () => {
    expect(lines).toContain(
      '| clients × texts | AkiDB, batching on | AkiDB, batching off | Infinity torch | Infinity ONNX |',
    );
    expect(lines.find((l) => l.startsWith('| 4 × 32 '))?.replace(/ +/g, ' ')).toBe(
      '| 4 × 32 | 720.0 | 700.0 | 220.0 | 450.0 |',
    );
  });

  it('shows latency and CPU seconds of both processes per level, and the checks met or missed', () => {
    const row = lines.find((l) => l.startsWith('| 64 × 1 ') && l.includes('Infinity ONNX'));
    expect(row?.replace(/ +/g, ' ')).toBe(
      '| 64 × 1 | Infinity ONNX | 500.0 | 10.0 | 20.0 | 30.0 | 15.00 | 1.00 | 3.00 | 0.60 | 0.20 | 0 |',
    );
    expect(md).toMatch(
      /\| AkiDB server ÷ Infinity ONNX engine at 64 × 1 \(texts\/s\) +\| ≥ 1\.50x +\| +1\.40x \| 1\.38, 1\.42 +\| missed +\|/,
    );
    expect(md).toMatch(/Idle AkiDB server.*\| ≤ 1\.30x +\| +1\.25x .*\| met +\|/);
    expect(md).toContain('![server throughput](assets/server-throughput.svg)');
  });

  it('shows the in-process one-text calls with batching on and off, and their ratio per round', () => {
    const row = (start: string): string | undefined =>
      lines.find((l) => l.startsWith(`| ${start}`))?.replace(/ +/g, ' ');
    expect(row('one text per call, 32 calls in flight, batching on')).toBe(
      '| one text per call, 32 calls in flight, batching on: texts/s | 600.0 | 620.0, 580.0 |',
    );
    expect(row('one text per call, 32 calls in flight, batching off')).toBe(
      '| one text per call, 32 calls in flight, batching off: texts/s | 400.0 | 400.0, 400.0 |',
    );
    expect(row('one text per call: batching on ÷ off')).toBe(
      '| one text per call: batching on ÷ off (no HTTP) | 1.50x | 1.55, 1.45 |',
    );
  });

  it('renders only well-formed tables, and the table check catches a broken one', () => {
    const { tables, problems } = markdownTableProblems(md);
    expect(problems).toEqual([]);
    expect(tables).toBe(5);
    expect(markdownTableProblems('| a | b |\n| - | - |\n| 1 |\n').problems).toEqual([
      'report.md:3: row has 1 cells, header 2',
    ]);
  });

  it('says loudly when the texts are not STS-B', () => {
    const c = comparison();
    c.texts = { source: 'generated', file: 'fixtures/mixed-corpus.txt', sentences: 400, meanChars: 80 };
    expect(serverSection(c, '')).toContain("**the bench's generated corpus**");
  });
});

describe('writeServerReport', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes a report its own output check accepts, with a schema that has teeth', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'akidb-server-report-'));
    dirs.push(dir);
    const written = report();
    expect(validateJson(written, SERVER_REPORT_SCHEMA)).toEqual([]);
    await writeServerReport(written, dir);
    expect(await checkServerOutputs(dir)).toEqual([]);
    const svg = await readFile(join(dir, 'server-throughput.svg'), 'utf8');
    expect(svg).toContain('AkiDB in-process, batch 32');

    const broken = structuredClone(written) as unknown as {
      comparison: { contenders: { levels: { cpuSeconds?: unknown }[] }[] };
    };
    const level = broken.comparison.contenders[0]?.levels[0];
    if (!level) throw new Error('fixture');
    delete level.cpuSeconds;
    await writeFile(join(dir, 'report.json'), JSON.stringify(broken));
    expect(await checkServerOutputs(dir)).toEqual([
      'report.json $.comparison.contenders[0].levels[0]: missing "cpuSeconds"',
    ]);
  });
});
