import { CONTENDER_LABELS } from '../peers/contender.js';

import { fixed, textTable, times } from './markdownTable.js';
import type { BenchReport } from './reportTypes.js';
import type { ServerComparison } from './serverReportTypes.js';

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
  if (report.server) sections.push(serverConsoleSummary(report.server));
  return `${sections.join('\n\n')}\n`;
}

/**
 * The server comparison for the console: texts/s per load and contender, then the checks.
 *
 * @example
 * process.stdout.write(serverConsoleSummary(report.comparison));
 */
export function serverConsoleSummary(server: ServerComparison): string {
  const rows = server.shapes.map((shape) => [
    `${shape.clients} x ${shape.textsPerRequest}`,
    ...server.contenders.map((c) =>
      fixed(
        c.levels.find((l) => l.clients === shape.clients && l.textsPerRequest === shape.textsPerRequest)
          ?.textsPerSecond,
        1,
      ),
    ),
  ]);
  const checks = server.checks.map((check) => [
    check.check,
    `${check.comparison} ${check.target.toFixed(2)}`,
    fixed(check.value, 3),
    check.met === null ? 'not measured' : check.met ? 'met' : 'MISSED',
  ]);
  return [
    textTable(['texts/s', ...server.contenders.map((c) => c.label)], rows),
    textTable(['check', 'target', 'measured', ''], checks),
  ].join('\n\n');
}
