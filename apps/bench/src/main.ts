import { resolveAkidbHome } from '@akidb/core';
import type { BenchOptions } from './args.js';
import { parseBenchArgs, USAGE } from './args.js';
import { loadCorpus } from './corpus/loadCorpus.js';
import type { ModelRun } from './inprocess/runModel.js';
import { modelUnits, runModel } from './inprocess/runModel.js';
import { loadAverage, machineInfo } from './measure/machineInfo.js';
import type { BenchModel } from './models.js';
import { listInstalledModels, readBenchModel } from './models.js';
import { createProgress } from './progress.js';
import { checkOutputs } from './report/checkOutputs.js';
import { consoleSummary } from './report/consoleSummary.js';
import { diagnose } from './report/diagnose.js';
import { evaluateGoals } from './report/goals.js';
import { publishDocs } from './report/publishDocs.js';
import type { BenchReport } from './report/reportTypes.js';
import { REPORT_VERSION } from './report/reportTypes.js';
import type { ServerComparison } from './report/serverReportTypes.js';
import { writeReport } from './report/writeReport.js';
import type { ServerComparisonOptions } from './server/runServerComparison.js';
import { comparisonUnits, runServerComparison } from './server/runServerComparison.js';
import { serverComparisonOptions } from './server/serverComparisonOptions.js';

const QUICK_MODEL = 'all-minilm-l6-v2';
const QUICK_CORPUS = 64;

async function main(argv: string[]): Promise<number> {
  const options = parseBenchArgs(argv);
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const startedAt = new Date();
  const loadStart = loadAverage();
  const home = resolveAkidbHome();
  const models = await pickModels(options, home);
  const fullCorpus = await loadCorpus();
  const corpus = options.quick ? fullCorpus.slice(0, QUICK_CORPUS) : fullCorpus;
  const progress = createProgress(process.stderr);
  const server = options.server ? await serverComparisonOptions(options, home) : null;
  progress.plan(models.length * modelUnits(options) + (server ? comparisonUnits(server) : 0));
  const notes: string[] = [];
  const runs: ModelRun[] = [];
  for (const model of models) {
    try {
      const run = await runModel(model, corpus, options, home, progress);
      runs.push(run);
      notes.push(...run.notes);
    } catch (error) {
      notes.push(`${model.id}: not measured: ${describe(error)}`);
    }
  }
  if (runs.length === 0) throw new Error(`no model could be measured:\n${notes.join('\n')}`);
  const serverModel = models.find((model) => model.id === runs[0]?.report.id) as BenchModel;
  const comparison = server ? await serverMode({ ...server, model: serverModel.id }, progress, notes) : null;
  progress.done();
  const finishedAt = new Date();
  const machine = await machineInfo(loadStart);
  const goals = runs.flatMap((run) => evaluateGoals(run.report));
  const report: BenchReport = {
    version: REPORT_VERSION,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationS: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    command: ['bench', ...argv].join(' '),
    machine,
    settings: settingsOf(options, runs),
    corpus: { file: 'apps/bench/fixtures/mixed-corpus.txt', sentences: corpus.length },
    models: runs.map((run) => run.report),
    server: comparison,
    goals,
    notes: [
      ...contextNotes(options, machine.loadAverageStart, machine.cpus, corpus.length, fullCorpus.length),
      ...notes,
      ...runs.flatMap((run) => diagnose(run.report, goals)),
    ],
  };
  const charts = await writeReport(report, options.outDir);
  process.stdout.write(`\n${consoleSummary(report)}\nreport: ${options.outDir}/report.md\n`);
  if (options.publishDocs) {
    const written = await publishDocs(report, charts);
    process.stdout.write(`docs: ${written.length} files written (docs/performance.md, docs/assets/)\n`);
  }
  const problems = await checkOutputs(options.outDir);
  for (const problem of problems) process.stderr.write(`output problem: ${problem}\n`);
  return problems.length === 0 ? 0 : 1;
}

async function pickModels(options: BenchOptions, home: string): Promise<BenchModel[]> {
  if (options.models.length > 0) return Promise.all(options.models.map((id) => readBenchModel(id, home)));
  const installed = await listInstalledModels(home);
  if (installed.length === 0)
    throw new Error(`no installed models under ${home}/models (run pnpm models:prepare)`);
  if (!options.quick) return installed;
  return [installed.find((model) => model.id === QUICK_MODEL) ?? (installed[0] as BenchModel)];
}

async function serverMode(
  options: ServerComparisonOptions,
  progress: ReturnType<typeof createProgress>,
  notes: string[],
): Promise<ServerComparison | null> {
  try {
    const comparison = await runServerComparison(options, progress);
    notes.push(...comparison.notes);
    return comparison;
  } catch (error) {
    notes.push(`server mode failed: ${describe(error)}`);
    return null;
  }
}

function settingsOf(options: BenchOptions, runs: readonly ModelRun[]): BenchReport['settings'] {
  return {
    quick: options.quick,
    models: runs.map((run) => run.report.id),
    batchSizes: options.batchSizes,
    lengths: options.lengths,
    threads: { intraOpNumThreads: options.intraOpNumThreads, interOpNumThreads: options.interOpNumThreads },
    oursRunIn: options.oursRunIn,
    warmup: options.warmup,
    minReps: options.minReps,
    maxReps: options.maxReps,
    cellBudgetMs: options.cellBudgetMs,
    peers: options.peers,
    server: {
      enabled: options.server,
      url: options.url,
      concurrency: options.concurrency,
      durationS: options.durationS,
      peers: options.serverPeers,
    },
  };
}

function contextNotes(
  options: BenchOptions,
  load: number,
  cpus: number,
  used: number,
  total: number,
): string[] {
  const notes: string[] = [];
  if (load > cpus * 0.25) {
    notes.push(
      `The machine was busy when the run started (1-minute load average ${load.toFixed(2)} on ${cpus} CPUs): ` +
        'absolute timings are noisy; the ratios pair contenders round by round and hold up better.',
    );
  }
  if (used < total) notes.push(`Quick run: the mixed corpus is its first ${used} of ${total} sentences.`);
  if (options.peers.includes('fastembed')) {
    notes.push(
      'fastembed exposes no thread settings; it runs with ONNX Runtime 1.21 defaults, in its own process.',
    );
  }
  if (options.server)
    notes.push(
      'In server mode the load generator (undici, its own process) shares the CPUs with the server.',
    );
  return notes;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
