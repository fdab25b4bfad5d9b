import type { LengthClass } from '../corpus/lengthPools.js';
import type { ContenderId } from '../peers/contender.js';
import { CONTENDER_LABELS } from '../peers/contender.js';
import type { BenchReport, MixedFeed, ModelReport, ServerReport } from './reportTypes.js';
import type { LineSeries } from './svg.js';
import { barChart, lineChart } from './svg.js';

/** One rendered chart and the file it goes to. */
export interface Chart {
  file: string;
  title: string;
  svg: string;
}

const COLORS: Readonly<Record<ContenderId, string>> = {
  ours: '#2563eb',
  bareOrt: '#4b5563',
  transformersJs: '#d97706',
  fastembed: '#059669',
};
const DASHES: Readonly<Record<LengthClass, string | undefined>> = {
  short: undefined,
  medium: '7 4',
  long: '2 4',
};
const GRID_ORDER: readonly ContenderId[] = ['ours', 'bareOrt', 'transformersJs', 'fastembed'];

/** Names of the mixed-corpus bars, in chart order. */
export const MIXED_LABELS: Readonly<Record<MixedFeed, string>> = {
  ours: 'AkiDB',
  bareOrtSorted: 'bare ORT, length-sorted',
  bareOrtNaive: 'bare ORT, naive',
  transformersJs: 'transformers.js',
  fastembed: 'fastembed',
};
const MIXED_COLORS: Readonly<Record<MixedFeed, string>> = {
  ours: COLORS.ours,
  bareOrtSorted: '#6b7280',
  bareOrtNaive: '#9ca3af',
  transformersJs: COLORS.transformersJs,
  fastembed: COLORS.fastembed,
};

/** Every chart of a report: per model latency, ratios and mixed-corpus bars; server throughput. */
export function buildCharts(report: BenchReport): Chart[] {
  const charts = report.models.flatMap((model) => [
    latencyChart(model),
    ratioChart(model),
    peersChart(model),
  ]);
  if (report.server) charts.push(serverChart(report.server));
  return charts;
}

/** Series name of a contender at one text length, e.g. `AkiDB · short`. */
export function gridSeriesName(contender: ContenderId, length: LengthClass): string {
  return `${CONTENDER_LABELS[contender]} · ${length}`;
}

function lengthsOf(model: ModelReport): LengthClass[] {
  return [...new Set(model.grid.map((cell) => cell.length))];
}

function latencyChart(model: ModelReport): Chart {
  const series: LineSeries[] = [];
  for (const contender of GRID_ORDER) {
    for (const length of lengthsOf(model)) {
      const points = model.grid
        .filter((cell) => cell.length === length && cell.results[contender])
        .map((cell) => ({ x: cell.batchSize, y: cell.results[contender]?.p50Ms ?? 0 }));
      if (points.length === 0) continue;
      const dash = DASHES[length];
      series.push({
        name: gridSeriesName(contender, length),
        points,
        color: COLORS[contender],
        ...(dash ? { dash } : {}),
      });
    }
  }
  const title = `${model.id}: p50 latency vs batch size`;
  return {
    file: `latency-${model.id}.svg`,
    title,
    svg: lineChart({
      title,
      xLabel: 'batch size (texts per call)',
      yLabel: 'p50 latency per call (ms, log)',
      yLog: true,
      series,
    }),
  };
}

function ratioChart(model: ModelReport): Chart {
  const series: LineSeries[] = [];
  const peers = [
    { key: 'oursOverBareOrt', label: '÷ bare ORT', color: COLORS.bareOrt },
    { key: 'oursOverTransformersJs', label: '÷ transformers.js', color: COLORS.transformersJs },
  ] as const;
  for (const peer of peers) {
    for (const length of lengthsOf(model)) {
      const points = model.grid
        .filter((cell) => cell.length === length && cell[peer.key] !== null)
        .map((cell) => ({ x: cell.batchSize, y: cell[peer.key] ?? 0 }));
      if (points.length === 0) continue;
      const dash = DASHES[length];
      series.push({
        name: `${peer.label} · ${length}`,
        points,
        color: peer.color,
        ...(dash ? { dash } : {}),
      });
    }
  }
  const title = `${model.id}: AkiDB throughput ÷ peer, same texts`;
  const guides = [{ y: 0.97, label: 'goal vs bare ORT: 0.97' }];
  return {
    file: `ratios-${model.id}.svg`,
    title,
    svg: lineChart({
      title,
      xLabel: 'batch size',
      yLabel: 'throughput ratio (>1: AkiDB faster)',
      series,
      guides,
    }),
  };
}

function peersChart(model: ModelReport): Chart {
  const order: MixedFeed[] = ['ours', 'bareOrtSorted', 'bareOrtNaive', 'transformersJs', 'fastembed'];
  const bars = order
    .filter((feed) => model.mixed.results[feed])
    .map((feed) => ({
      name: MIXED_LABELS[feed],
      value: model.mixed.results[feed]?.textsPerSecond ?? 0,
      color: MIXED_COLORS[feed],
    }));
  const title = `${model.id}: mixed-length corpus in arrival order (${model.mixed.texts} texts)`;
  return {
    file: `peers-${model.id}.svg`,
    title,
    svg: barChart({ title, yLabel: 'texts/s (higher is better)', bars }),
  };
}

/** Series name of one server mode. */
export function serverSeriesName(batching: boolean | null): string {
  if (batching === null) return 'server at --url';
  return batching ? 'dynamic batching on' : 'dynamic batching off';
}

function serverChart(server: ServerReport): Chart {
  const series: LineSeries[] = server.modes.map((mode) => ({
    name: serverSeriesName(mode.batching),
    points: mode.levels.map((level) => ({ x: level.concurrency, y: level.textsPerSecond })),
    color: mode.batching === false ? '#9ca3af' : COLORS.ours,
    ...(mode.batching === false ? { dash: '7 4' } : {}),
  }));
  const guides = server.inProcessTextsPerSecond
    ? [{ y: server.inProcessTextsPerSecond, label: 'in-process, batches of 32' }]
    : [];
  const title = `Server (${server.model}): throughput vs concurrency, one text per request`;
  return {
    file: 'server-throughput.svg',
    title,
    svg: lineChart({ title, xLabel: 'concurrent clients', yLabel: 'texts/s', series, guides }),
  };
}
