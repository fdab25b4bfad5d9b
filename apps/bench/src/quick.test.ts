import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutputs } from './report/checkOutputs.js';
import { validateJson } from './report/jsonSchema.js';
import { REPORT_SCHEMA } from './report/reportSchema.js';
import type { BenchReport } from './report/reportTypes.js';
import { seriesNames } from './report/xmlWellFormed.js';

// Runs `pnpm bench --quick` for real (model from the store, peers, a spawned server) into a temp
// dir, then checks what it wrote. Fails loudly when the model is not prepared.

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
let outDir = '';
let report: BenchReport;
let exitError: unknown;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'akidb-bench-quick-'));
  const args = ['--conditions=@akidb/source', '--import', import.meta.resolve('tsx'), 'src/main.ts'];
  try {
    await run(process.execPath, [...args, '--quick', '--out', outDir], { cwd: BENCH_DIR, timeout: 170_000 });
  } catch (error) {
    exitError = error;
  }
  const text = await readFile(join(outDir, 'report.json'), 'utf8').catch(() => {
    const stderr = (exitError as { stderr?: string } | undefined)?.stderr ?? String(exitError);
    throw new Error(`the quick bench wrote no report.json:\n${stderr}`);
  });
  report = JSON.parse(text) as BenchReport;
}, 180_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('pnpm bench --quick', () => {
  it('exits 0 and its own output check finds nothing wrong', async () => {
    expect(exitError).toBeUndefined();
    expect(await checkOutputs(outDir)).toEqual([]);
  });

  it('writes a report.json the schema accepts, and the schema has teeth', () => {
    expect(validateJson(report, REPORT_SCHEMA)).toEqual([]);
    const broken = structuredClone(report) as unknown as { models: { grid: unknown }[] };
    delete (broken.models[0] as { grid?: unknown }).grid;
    expect(validateJson(broken, REPORT_SCHEMA)).toContain('$.models[0]: missing "grid"');
  });

  it('times ours against bare ORT and transformers.js on every cell, after they matched ours', () => {
    const model = report.models[0] as BenchReport['models'][number];
    expect(report.settings.quick).toBe(true);
    for (const peer of ['bareOrt', 'transformersJs'] as const) {
      const check = model.checks.find((c) => c.peer === peer);
      expect(check?.status).toBe('match');
      expect(check?.minCosine).toBeGreaterThan(0.999);
    }
    expect(model.grid).toHaveLength(report.settings.batchSizes.length * report.settings.lengths.length);
    for (const cell of model.grid) {
      expect(cell.results.ours?.p50Ms).toBeGreaterThan(0);
      expect(cell.oursOverBareOrt).toBeGreaterThan(0);
      expect(cell.oursOverTransformersJs).toBeGreaterThan(0);
    }
    expect(model.mixed.naivePaddingFraction).toBeGreaterThan(model.mixed.sortedPaddingFraction);
    expect(report.goals.filter((g) => g.model === model.id)).toHaveLength(3);
  });

  it('measures the server with batching on and off at each level, with CPU seconds of both processes', () => {
    const server = report.server;
    expect(server?.contenders.map((c) => [c.id, c.status])).toEqual([
      ['oursBatching', 'measured'],
      ['oursNoBatching', 'measured'],
    ]);
    for (const contender of server?.contenders ?? []) {
      expect(contender.minCosine).toBeGreaterThan(0.999);
      expect(contender.levels.map((l) => `${l.clients}x${l.textsPerRequest}`)).toEqual([
        ...report.settings.server.concurrency.map((c) => `${c}x1`),
        '4x32',
      ]);
      for (const level of contender.levels) {
        expect(level.textsPerSecond).toBeGreaterThan(0);
        expect(level.cpuSeconds.server).toBeGreaterThan(0);
        expect(level.cpuSeconds.loadGenerator).toBeGreaterThan(0);
      }
    }
    expect(server?.inProcess?.batch32.textsPerSecond).toBeGreaterThan(0);
    expect(server?.checks.find((c) => c.id === 'batching-on-off-32')?.missing).toMatch(/no 32 × 1 level/);
  });

  it('renders the ratio table and charts with the expected series', async () => {
    const md = await readFile(join(outDir, 'report.md'), 'utf8');
    expect(md).toMatch(/^\| batch \| ÷ bare ORT, short \| ÷ transformers\.js, short \|/m);
    const id = report.models[0]?.id ?? '';
    const latency = seriesNames(await readFile(join(outDir, `latency-${id}.svg`), 'utf8'));
    expect(latency).toEqual(
      expect.arrayContaining(['AkiDB · short', 'bare ORT · medium', 'transformers.js · short']),
    );
    const server = seriesNames(await readFile(join(outDir, 'server-throughput.svg'), 'utf8'));
    expect(server.sort()).toEqual(['AkiDB, batching off', 'AkiDB, batching on']);
  });
});
