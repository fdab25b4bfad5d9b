import { CONTENDER_LABELS } from '../peers/contender.js';
import { machineTable } from './machineTable.js';
import { modelSection } from './markdownModel.js';
import { serverSection } from './markdownServer.js';
import { fixed, markdownTable } from './markdownTable.js';
import type { BenchReport } from './reportTypes.js';

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
  const s = report.settings;
  const machine = machineTable(report.machine, { versions: true });
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
          ? `${s.server.url ?? 'apps/server, spawned'}${s.server.peers ? ' and Infinity' : ''}; clients ${s.server.concurrency.join(', ')}; ${s.server.durationS} s per level`
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
