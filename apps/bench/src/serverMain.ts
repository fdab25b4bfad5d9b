import { resolveAkidbHome } from '@akidb/core';
import { defaultStsbFile, loadServerTexts } from './corpus/loadServerTexts.js';
import { loadAverage, machineInfo } from './measure/machineInfo.js';
import { createProgress } from './progress.js';
import { checkServerOutputs } from './report/checkOutputs.js';
import { serverConsoleSummary } from './report/consoleSummary.js';
import type { ServerBenchReport } from './report/serverReportTypes.js';
import { writeServerReport } from './report/writeServerReport.js';
import { parseServerBenchArgs, SERVER_USAGE } from './server/parseServerBenchArgs.js';
import { comparisonUnits, runServerComparison } from './server/runServerComparison.js';

// `pnpm bench:server`: the server comparison alone (see SERVER_USAGE and the README).

async function main(argv: string[]): Promise<number> {
  const options = parseServerBenchArgs(argv);
  if (options.help) {
    process.stdout.write(SERVER_USAGE);
    return 0;
  }
  const startedAt = new Date();
  const loadStart = loadAverage();
  const home = resolveAkidbHome();
  const { texts, info } = await loadServerTexts(options.textsFile ?? defaultStsbFile(home));
  if (info.source === 'generated') process.stderr.write(`note: STS-B not found; using ${info.file}\n`);
  const progress = createProgress(process.stderr);
  const comparisonOptions = { ...options, home, texts, textsInfo: info };
  progress.plan(comparisonUnits(comparisonOptions));
  const comparison = await runServerComparison(comparisonOptions, progress);
  progress.done();
  const finishedAt = new Date();
  const machine = await machineInfo(loadStart);
  if (machine.loadAverageStart > machine.cpus * 0.25) {
    comparison.notes.unshift(
      `The machine was busy when the run started (1-minute load average ${machine.loadAverageStart.toFixed(2)} ` +
        `on ${machine.cpus} CPUs): absolute figures are noisy.`,
    );
  }
  const report: ServerBenchReport = {
    version: 1,
    kind: 'server',
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationS: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    command: ['bench:server', ...argv].join(' '),
    machine,
    quick: options.quick,
    comparison,
  };
  await writeServerReport(report, options.outDir);
  process.stdout.write(`\n${serverConsoleSummary(comparison)}\n`);
  for (const note of comparison.notes) process.stdout.write(`note: ${note}\n`);
  process.stdout.write(`report: ${options.outDir}/report.md\n`);
  const problems = await checkServerOutputs(options.outDir);
  for (const problem of problems) process.stderr.write(`output problem: ${problem}\n`);
  return problems.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench:server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
