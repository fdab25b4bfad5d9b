import { CONTENDER_LABELS } from '../peers/contender.js';
import { serverSeriesName } from './charts.js';
import { modelSection } from './markdownModel.js';
import { fixed, markdownTable, percent } from './markdownTable.js';
import type { BenchReport, ServerReport } from './reportTypes.js';

/** How the markdown is framed: where charts live and what heads it. */
export interface MarkdownOptions {
  /** Prefix of chart links (`''` next to the report, `'assets/'` in docs). */
  assets: string;
  title: string;
  /** Extra paragraphs after the title (e.g. how to reproduce). */
  preface?: string[];
}

/**
 * The whole report as markdown: machine, settings, goals, one section per model, server mode,
 * notes.
 *
 * @example
 * await writeFile('report.md', renderMarkdown(report, { assets: '', title: 'AkiDB bench' }));
 */
export function renderMarkdown(report: BenchReport, options: MarkdownOptions): string {
  const parts = [
    `# ${options.title}`,
    ...(options.preface ?? []),
    runSummary(report),
    '## Goals',
    goalsTable(report),
  ];
  for (const model of report.models) parts.push(modelSection(model, options.assets));
  if (report.server) parts.push(serverSection(report.server, options.assets));
  if (report.notes.length > 0) parts.push('## Notes', report.notes.map((note) => `- ${note}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

function runSummary(report: BenchReport): string {
  const m = report.machine;
  const s = report.settings;
  const versions = Object.entries(m.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const machine = markdownTable(
    ['machine', ''],
    [
      ['CPU', `${m.cpuModel} × ${m.cpus}`],
      ['memory', `${(m.totalMemoryMB / 1024).toFixed(1)} GB`],
      ['OS', `${m.os} ${m.arch}`],
      ['Node', m.node],
      ['versions', versions],
      [
        'load average (1 min) at start / end',
        `${m.loadAverageStart.toFixed(2)} / ${m.loadAverageEnd.toFixed(2)}`,
      ],
    ],
  );
  const settings = markdownTable(
    ['setting', ''],
    [
      ['mode', s.quick ? 'quick (smoke run)' : 'full'],
      ['models', s.models.join(', ')],
      ['batch sizes', s.batchSizes.join(', ')],
      ['text lengths', s.lengths.join(', ')],
      [
        'ONNX Runtime threads (every contender)',
        `intra-op ${s.threads.intraOpNumThreads}, inter-op ${s.threads.interOpNumThreads}`,
      ],
      ['AkiDB runs ONNX Runtime in', s.oursRunIn ?? "the provider's default thread (`runIn` unset)"],
      [
        'repetitions',
        `${s.warmup} warm-up, then ${s.minReps}–${s.maxReps} measured rounds (${(s.cellBudgetMs / 1000).toFixed(1)} s budget per comparison), contenders interleaved`,
      ],
      ['peers', s.peers.map((p) => CONTENDER_LABELS[p]).join(', ') || 'none'],
      [
        'server',
        s.server.enabled
          ? `${s.server.url ?? 'apps/server, spawned'}; clients ${s.server.concurrency.join(', ')}; ${s.server.durationS} s per level`
          : 'off',
      ],
      ['corpus', `${report.corpus.file} (${report.corpus.sentences} sentences)`],
    ],
  );
  const run = `Run ${report.startedAt} → ${report.finishedAt} (${report.durationS.toFixed(0)} s): \`${report.command}\``;
  return `${run}\n\n${machine}\n\n${settings}`;
}

function goalsTable(report: BenchReport): string {
  if (report.goals.length === 0) return 'No goals could be evaluated (no peer was timed).';
  const rows = report.goals.map((goal) => [
    goal.model,
    goal.goal,
    `≥ ${goal.target.toFixed(2)}x`,
    fixed(goal.value, 3, 'x'),
    goal.met === null ? '–' : goal.met ? 'met' : 'missed',
  ]);
  return markdownTable(['model', 'goal', 'target', 'measured', ''], rows);
}

function serverSection(server: ServerReport, assets: string): string {
  const rows = server.modes.flatMap((mode) =>
    mode.levels.map((level) => [
      serverSeriesName(mode.batching),
      String(level.concurrency),
      fixed(level.textsPerSecond, 1),
      fixed(level.latency.p50Ms, 1),
      fixed(level.latency.p90Ms, 1),
      fixed(level.latency.p99Ms, 1),
      String(level.ok),
      String(level.errors),
      String(level.timeouts),
      String(level.status429),
      String(level.non2xx),
      percent(level.fractionOfInProcess),
    ]),
  );
  const yardstick =
    server.inProcessTextsPerSecond === null
      ? ''
      : ` Right before server mode, the same model in-process embeds the same corpus at ${server.inProcessTextsPerSecond.toFixed(0)} texts/s (one call, batches of 32); the last column is the server's share of that.`;
  return [
    '## Server mode',
    `POST /api/v1/embed, one text per request, model ${server.model} (${server.target === 'spawned' ? 'apps/server started by the bench' : 'an existing server'}). The load generator (autocannon) runs on the same cores as the server.${yardstick}`,
    markdownTable(
      [
        'mode',
        'clients',
        'texts/s',
        'p50 (ms)',
        'p90',
        'p99',
        '2xx',
        'errors',
        'timeouts',
        '429',
        'non-2xx',
        'of in-process',
      ],
      rows,
    ),
    `![server throughput](${assets}server-throughput.svg)`,
  ].join('\n\n');
}
