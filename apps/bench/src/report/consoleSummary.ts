import { CONTENDER_LABELS } from '../peers/contender.js';
import { serverSeriesName } from './charts.js';
import { fixed, textTable, times } from './markdownTable.js';
import type { BenchReport } from './reportTypes.js';

/** The end-of-run console table: goals per model, the batch-32 cells, and server throughput. */
export function consoleSummary(report: BenchReport): string {
  const goalRows = report.goals.map((goal) => [
    goal.model,
    goal.goal,
    `>= ${goal.target.toFixed(2)}x`,
    fixed(goal.value, 3, 'x'),
    goal.met === null ? '-' : goal.met ? 'met' : 'MISSED',
  ]);
  const sections = [textTable(['model', 'goal', 'target', 'measured', ''], goalRows)];
  const cellRows = report.models.flatMap((model) => {
    const largest = Math.max(...model.grid.map((cell) => cell.batchSize));
    return model.grid
      .filter((cell) => cell.batchSize === largest)
      .map((cell) => [
        model.id,
        `${cell.length} x ${cell.batchSize}`,
        fixed(cell.results.ours?.p50Ms, 1),
        fixed(cell.results.ours?.textsPerSecond, 0),
        fixed(cell.results.bareOrt?.p50Ms, 1),
        fixed(cell.results.transformersJs?.p50Ms, 1),
        times(cell.oursOverBareOrt),
        times(cell.oursOverTransformersJs),
      ]);
  });
  sections.push(
    textTable(
      [
        'model',
        'cell',
        'AkiDB p50 ms',
        'texts/s',
        `${CONTENDER_LABELS.bareOrt} p50`,
        `${CONTENDER_LABELS.transformersJs} p50`,
        '÷ bare',
        '÷ tjs',
      ],
      cellRows,
    ),
  );
  if (report.server) {
    const rows = report.server.modes.flatMap((mode) =>
      mode.levels.map((level) => [
        serverSeriesName(mode.batching),
        String(level.concurrency),
        fixed(level.textsPerSecond, 1),
        fixed(level.latency.p99Ms, 1),
        String(level.errors + level.non2xx),
      ]),
    );
    sections.push(textTable(['server', 'clients', 'texts/s', 'p99 ms', 'errors'], rows));
  }
  return `${sections.join('\n\n')}\n`;
}
