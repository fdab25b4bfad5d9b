import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverChart } from './charts.js';
import { machineTable } from './machineTable.js';
import { serverSection } from './markdownServer.js';
import { SERVER_REPORT_SCHEMA } from './reportSchema.js';
import type { ServerBenchReport } from './serverReportTypes.js';

/** Title of `bench:server` reports. */
export const SERVER_REPORT_TITLE = 'AkiDB Embeddings: servers side by side';

/**
 * The whole `bench:server` report as markdown: the run and machine, then the server section and
 * the notes.
 *
 * @example
 * const md = renderServerMarkdown(report, '');
 */
export function renderServerMarkdown(report: ServerBenchReport, assets: string): string {
  const machine = machineTable(report.machine, { versions: false });
  const c = report.comparison;
  const parts = [
    `# ${SERVER_REPORT_TITLE}`,
    `Run ${report.startedAt} → ${report.finishedAt} (${report.durationS.toFixed(0)} s): \`${report.command}\`` +
      (report.quick ? ' — **quick smoke run: not a measurement**.' : ''),
    c.texts.source === 'generated'
      ? `**Texts: the bench's generated corpus, not STS-B** (${c.texts.file} was used because STS-B was not found).`
      : `Texts: STS-B, ${c.texts.file}.`,
    machine,
    serverSection(c, assets),
  ];
  if (c.notes.length > 0) parts.push('## Notes', c.notes.map((note) => `- ${note}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

/**
 * Writes `report.json`, `report.schema.json`, `report.md` and `server-throughput.svg` to `outDir`.
 *
 * @example
 * await writeServerReport(report, 'apps/bench/results/server-2025-01-02_03-04-05');
 */
export async function writeServerReport(report: ServerBenchReport, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const chart = serverChart(report.comparison);
  await writeFile(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(outDir, 'report.schema.json'), `${JSON.stringify(SERVER_REPORT_SCHEMA, null, 2)}\n`);
  await writeFile(join(outDir, 'report.md'), renderServerMarkdown(report, ''));
  await writeFile(join(outDir, chart.file), chart.svg);
}
