import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { modelDirectory, resolveAkidbHome } from '@akidb/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkServerOutputs } from './report/checkOutputs.js';
import type { ServerBenchReport } from './report/serverReportTypes.js';

// Runs `bench:server` for real with tiny levels: AkiDB's server (spawned, batching on and off), the
// load generator in its own process, the in-process yardstick, two rounds. The home is a temp dir
// holding links to the prepared all-minilm-l6-v2 and no peers venv, so Infinity must be skipped
// with a clear reason whatever this machine has prepared.

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const MODEL = 'all-minilm-l6-v2';
const run = promisify(execFile);
let dir = '';
let report: ServerBenchReport;
let stdout = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'akidb-bench-server-'));
  const source = modelDirectory(MODEL, resolveAkidbHome());
  const files = await readdir(source).catch(() => {
    throw new Error(`${source} is missing: run pnpm models:prepare`);
  });
  const modelDir = join(dir, 'home', 'models', MODEL);
  await mkdir(modelDir, { recursive: true });
  for (const file of files) await symlink(join(source, file), join(modelDir, file));
  const tsv = join(dir, 'stsb.tsv');
  await writeFile(
    tsv,
    'score\tsentence1\tsentence2\n' +
      '2.5\tA girl is styling her hair.\tA girl is brushing her hair.\n' +
      '3.6\tA group of men play soccer on the beach.\tA group of boys are playing soccer on the beach.\n',
  );
  const args = ['--conditions=@akidb/source', '--import', import.meta.resolve('tsx'), 'src/serverMain.ts'];
  args.push('--shapes', '1x1,3x2', '--rounds', '2', '--duration', '0.5', '--warmup', '0.3', '--threads', '1');
  args.push('--texts', tsv, '--out', join(dir, 'out'));
  const result = await run(process.execPath, args, {
    cwd: BENCH_DIR,
    timeout: 170_000,
    env: { ...process.env, AKIDB_HOME: join(dir, 'home') },
  });
  stdout = result.stdout;
  report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as ServerBenchReport;
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('pnpm bench:server (tiny levels)', () => {
  it('writes outputs its own check accepts', async () => {
    expect(await checkServerOutputs(join(dir, 'out'))).toEqual([]);
    expect(report.comparison.texts).toMatchObject({ source: 'stsb', sentences: 4 });
  });

  it('measures AkiDB with batching on and off at every level, with both processes’ CPU seconds', () => {
    const measured = report.comparison.contenders.filter((c) => c.status === 'measured');
    expect(measured.map((c) => c.id)).toEqual(['oursBatching', 'oursNoBatching']);
    for (const contender of measured) {
      expect(contender.minCosine).toBeGreaterThan(0.999);
      expect(contender.startupS).toHaveLength(2);
      expect(contender.levels.map((l) => [l.clients, l.textsPerRequest])).toEqual([
        [1, 1],
        [3, 2],
      ]);
      for (const level of contender.levels) {
        expect(level.rounds).toHaveLength(2);
        expect(level.failures).toBe(0);
        // Texts, not requests: every request of the second level carries two.
        for (const round of level.rounds) expect(round.texts).toBe(round.ok * level.textsPerRequest);
        expect(level.cpuSeconds.server).toBeGreaterThan(0);
        expect(level.cpuSeconds.loadGenerator).toBeGreaterThan(0);
        expect(level.latency?.p95Ms).toBeGreaterThanOrEqual(level.latency?.p50Ms ?? Number.POSITIVE_INFINITY);
      }
    }
    expect(measured[0]?.settings).toContain('apps/server --cores=1 --batching=on');
    expect(measured[0]?.settings).toContain('1 replica(s) alive (GET /metrics)');
  });

  it('skips Infinity with the command that prepares it, and runs the yardstick each round', () => {
    const skipped = report.comparison.contenders.filter((c) => c.status === 'skipped');
    expect(skipped.map((c) => c.id)).toEqual(['infinityTorch', 'infinityOnnx']);
    for (const c of skipped) expect(c.reason).toMatch(/pnpm bench:peers:prepare/);
    expect(stdout).toMatch(/Infinity ONNX skipped: .*pnpm bench:peers:prepare/);
    expect(report.comparison.inProcess?.rounds).toHaveLength(2);
    expect(report.comparison.inProcess?.batch1.p50Ms).toBeGreaterThan(0);
    // The one-text pair runs at the on ÷ off check's client count, batching on and off, every round.
    expect(report.comparison.inProcess?.singleText.callers).toBe(32);
    for (const round of report.comparison.inProcess?.rounds ?? []) {
      expect(round.singleTextOnTextsPerSecond).toBeGreaterThan(0);
      expect(round.singleTextOffTextsPerSecond).toBeGreaterThan(0);
    }
    expect(report.comparison.orders[1]).toEqual([...(report.comparison.orders[0] ?? [])].reverse());
    const idle = report.comparison.checks.find((c) => c.id === 'idle-p50-vs-in-process');
    expect(idle?.value).toBeGreaterThan(0);
    expect(report.comparison.checks.find((c) => c.id === 'vs-infinity-onnx-4x32')?.met).toBeNull();
  });
});
