import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildCharts } from './report/charts.js';
import { checkOutputs } from './report/checkOutputs.js';
import { publishDocs } from './report/publishDocs.js';
import type { BenchReport } from './report/reportTypes.js';

// `pnpm --filter @akidb/bench publish-docs <results dir>`: rewrites docs/performance.md and
// docs/assets/*.svg from a finished run's report.json, without measuring again.

async function main(dir: string | undefined): Promise<number> {
  if (!dir) {
    process.stderr.write('usage: publish-docs <results dir> (e.g. apps/bench/results/2025-01-02_03-04-05)\n');
    return 2;
  }
  const outDir = resolve(dir);
  const problems = await checkOutputs(outDir);
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`${problem}\n`);
    return 1;
  }
  const report = JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8')) as BenchReport;
  const written = await publishDocs(report, buildCharts(report));
  process.stdout.write(`${written.join('\n')}\n`);
  return 0;
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`publish failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
