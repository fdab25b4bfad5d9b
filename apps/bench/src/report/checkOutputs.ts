import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LengthClass } from '../corpus/lengthPools.js';
import type { ContenderId } from '../peers/contender.js';
import { gridSeriesName, MIXED_LABELS, serverSeriesNames } from './charts.js';
import { validateJson } from './jsonSchema.js';
import { SERVER_HEADING } from './markdownServer.js';
import { REPORT_SCHEMA, SERVER_REPORT_SCHEMA } from './reportSchema.js';
import type { BenchReport, MixedFeed } from './reportTypes.js';
import type { ServerBenchReport } from './serverReportTypes.js';
import { seriesNames, xmlProblems } from './xmlWellFormed.js';

/**
 * Checks a results directory: `report.json` against the schema, `report.md` has its sections and
 * every table is rectangular, and each chart is well-formed SVG carrying the series the report's
 * data calls for. Returns the problems found (empty when all is well).
 *
 * @example
 * const problems = await checkOutputs('apps/bench/results/2025-01-02_03-04-05');
 */
export async function checkOutputs(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, 'report.json'), 'utf8');
  const report = JSON.parse(text) as BenchReport;
  const problems = validateJson(report, REPORT_SCHEMA).map((p) => `report.json ${p}`);
  if (problems.length > 0) return problems;
  problems.push(...checkMarkdown(await readFile(join(dir, 'report.md'), 'utf8'), report));
  for (const [file, expected] of expectedCharts(report)) {
    const svg = await readFile(join(dir, file), 'utf8').catch(() => undefined);
    if (svg === undefined) {
      problems.push(`${file}: missing`);
      continue;
    }
    problems.push(...xmlProblems(svg).map((p) => `${file}: ${p}`));
    if (!svg.trimStart().startsWith('<svg')) problems.push(`${file}: root element is not <svg>`);
    const found = seriesNames(svg);
    for (const name of expected) if (!found.includes(name)) problems.push(`${file}: no series "${name}"`);
  }
  return problems;
}

/** Chart files the report calls for, with the series each must show, derived from the data. */
export function expectedCharts(report: BenchReport): Map<string, string[]> {
  const charts = new Map<string, string[]>();
  for (const model of report.models) {
    const latency: string[] = [];
    for (const cell of model.grid) {
      for (const id of Object.keys(cell.results) as ContenderId[]) {
        const name = gridSeriesName(id, cell.length as LengthClass);
        if (!latency.includes(name)) latency.push(name);
      }
    }
    charts.set(`latency-${model.id}.svg`, latency);
    charts.set(`ratios-${model.id}.svg`, []);
    charts.set(
      `peers-${model.id}.svg`,
      (Object.keys(model.mixed.results) as MixedFeed[]).map((feed) => MIXED_LABELS[feed]),
    );
  }
  if (report.server) charts.set('server-throughput.svg', serverSeriesNames(report.server));
  return charts;
}

function checkMarkdown(markdown: string, report: BenchReport): string[] {
  const problems: string[] = [];
  const headings = ['## Goals', ...report.models.map((m) => `## ${m.id}`)];
  if (report.server) headings.push(SERVER_HEADING);
  for (const heading of headings) {
    if (!markdown.split('\n').includes(heading)) problems.push(`report.md: no "${heading}" section`);
  }
  const { tables, problems: tableProblems } = markdownTableProblems(markdown);
  problems.push(...tableProblems);
  if (tables < 3 + report.models.length * 3) problems.push(`report.md: only ${tables} tables`);
  for (const file of expectedCharts(report).keys()) {
    if (!markdown.includes(`(${file})`)) problems.push(`report.md: does not show ${file}`);
  }
  return problems;
}

/**
 * Counts the markdown tables and reports any without a separator row or with a row whose cell
 * count differs from its header's.
 *
 * @example
 * const { tables, problems } = markdownTableProblems(await readFile('report.md', 'utf8'));
 */
export function markdownTableProblems(markdown: string): { tables: number; problems: string[] } {
  const problems: string[] = [];
  const lines = markdown.split('\n');
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]?.startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
    tables++;
    const width = cells(lines[i] as string);
    if (!/^\|( *:?-+:? *\|)+$/.test(lines[i + 1] ?? ''))
      problems.push(`report.md:${i + 2}: table without separator row`);
    for (let j = i + 1; lines[j]?.startsWith('|'); j++) {
      if (cells(lines[j] as string) !== width)
        problems.push(`report.md:${j + 1}: row has ${cells(lines[j] as string)} cells, header ${width}`);
    }
  }
  return { tables, problems };
}

/** Cells in a markdown table row (escaped pipes are not separators). */
function cells(row: string): number {
  return row.replace(/\\\|/g, '').split('|').length - 2;
}

/**
 * Checks a `bench:server` results directory: `report.json` against its schema, `report.md` has the
 * server section and rectangular tables, and the chart is well-formed SVG with a series per
 * measured contender. Returns the problems found (empty when all is well).
 *
 * @example
 * const problems = await checkServerOutputs('apps/bench/results/server-2025-01-02_03-04-05');
 */
export async function checkServerOutputs(dir: string): Promise<string[]> {
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as ServerBenchReport;
  const problems = validateJson(report, SERVER_REPORT_SCHEMA).map((p) => `report.json ${p}`);
  if (problems.length > 0) return problems;
  const markdown = await readFile(join(dir, 'report.md'), 'utf8');
  if (!markdown.split('\n').includes(SERVER_HEADING))
    problems.push(`report.md: no "${SERVER_HEADING}" section`);
  const { tables, problems: tableProblems } = markdownTableProblems(markdown);
  problems.push(...tableProblems);
  if (tables < 5) problems.push(`report.md: only ${tables} tables`);
  if (!markdown.includes('(server-throughput.svg)'))
    problems.push('report.md: does not show server-throughput.svg');
  const svg = await readFile(join(dir, 'server-throughput.svg'), 'utf8').catch(() => undefined);
  if (svg === undefined) return [...problems, 'server-throughput.svg: missing'];
  problems.push(...xmlProblems(svg).map((p) => `server-throughput.svg: ${p}`));
  const found = seriesNames(svg);
  for (const name of serverSeriesNames(report.comparison))
    if (!found.includes(name)) problems.push(`server-throughput.svg: no series "${name}"`);
  return problems;
}
