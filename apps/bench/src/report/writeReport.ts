import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Chart } from './charts.js';
import { buildCharts } from './charts.js';
import { renderMarkdown } from './markdownReport.js';
import { REPORT_SCHEMA } from './reportSchema.js';
import type { BenchReport } from './reportTypes.js';

/** Title of every bench report. */
export const REPORT_TITLE = 'AkiDB Embeddings: performance side by side';

/**
 * Writes `report.json`, `report.schema.json`, `report.md` and the SVG charts into `outDir`.
 * Returns the charts written.
 *
 * @example
 * const charts = await writeReport(report, 'apps/bench/results/2025-01-02_03-04-05');
 */
export async function writeReport(report: BenchReport, outDir: string): Promise<Chart[]> {
  await mkdir(outDir, { recursive: true });
  const charts = buildCharts(report);
  await writeFile(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(outDir, 'report.schema.json'), `${JSON.stringify(REPORT_SCHEMA, null, 2)}\n`);
  await writeFile(join(outDir, 'report.md'), renderMarkdown(report, { assets: '', title: REPORT_TITLE }));
  for (const chart of charts) await writeFile(join(outDir, chart.file), chart.svg);
  return charts;
}
