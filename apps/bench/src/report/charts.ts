import type { LengthClass } from '../corpus/lengthPools.js';
import type { ContenderId } from '../peers/contender.js';
import { CONTENDER_LABELS } from '../peers/contender.js';
import type { BenchReport, MixedFeed, ModelReport } from './reportTypes.js';
import type { ServerComparison, ServerContenderId } from './serverReportTypes.js';
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

const SERVER_STYLE: Readonly<Record<ServerContenderId, { color: string; dash?: string }>> = {
  oursBatching: { color: COLORS.ours },
  oursNoBatching: { color: '#93c5fd', dash: '7 4' },
  infinityTorch: { color: '#b45309', dash: '2 4' },
  infinityOnnx: { color: '#d97706' },
  url: { color: COLORS.ours },
};

/** Series of the server chart: measured contenders with single-text levels, named by label. */
export function serverSeriesNames(server: ServerComparison): string[] {
  return serverSeries(server).map((series) => series.name);
}

function serverSeries(server: ServerComparison): LineSeries[] {
  return server.contenders
    .filter((c) => c.status === 'measured')
    .map((c) => ({
      name: c.label,
      points: c.levels
        .filter((level) => level.textsPerRequest === 1)
        .map((level) => ({ x: level.clients, y: level.textsPerSecond })),
      ...SERVER_STYLE[c.id],
    }))
    .filter((series) => series.points.length > 0);
}

/** Texts/s against single-text clients, one line per server, the in-process yardstick as a guide. */
export function serverChart(server: ServerComparison): Chart {
  const guides = server.inProcess
    ? [{ y: server.inProcess.batch32.textsPerSecond, label: 'AkiDB in-process, batch 32' }]
    : [];
  const title = `Servers (${server.model}): texts/s vs concurrent clients, one text per request`;
  return {
    file: 'server-throughput.svg',
    title,
    svg: lineChart({
      title,
      xLabel: 'concurrent clients',
      yLabel: 'texts/s',
      series: serverSeries(server),
      guides,
    }),
  };
}
