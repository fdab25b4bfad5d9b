import { shapeLabel } from '../server/aggregateLevel.js';
import { fixed, markdownTable, times } from './markdownTable.js';
import type {
  ServerCheck,
  ServerComparison,
  ServerContenderResult,
  ServerLevelResult,
} from './serverReportTypes.js';

/** Heading of the server section, in both reports. */
export const SERVER_HEADING = '## Server mode';

/**
 * The markdown of a server comparison: how it ran, texts/s per load and contender, every level
 * with latency and CPU seconds, the in-process yardstick, the checks (met or missed) and
 * how each contender was configured. The chart is linked from `assets`.
 *
 * @example
 * const md = serverSection(report.comparison, '');
 */
export function serverSection(server: ServerComparison, assets: string): string {
  const measured = server.contenders.filter((c) => c.status === 'measured');
  const parts = [
    SERVER_HEADING,
    intro(server),
    '### Throughput (texts/s)',
    'Texts per second (not requests), summed over rounds.',
    pivot(server),
    '### Every level',
    'Latency percentiles over the 2xx requests of every round; CPU seconds are per round (one measured ' +
      'window), user + system over all threads: the server from `/proc/<pid>/stat` (its main thread alone, ' +
      'the event loop of a Node server, from `/proc/<pid>/task/<pid>/stat`), the load generator from ' +
      '`process.cpuUsage()` in its own process.',
    levelsTable(measured),
    '### AkiDB in-process',
    inProcessTable(server),
    '### Must show (issue targets)',
    checksTable(server.checks),
    '### How each contender ran',
    contendersTable(server.contenders),
    `![server throughput](${assets}server-throughput.svg)`,
  ];
  return parts.join('\n\n');
}

function intro(server: ServerComparison): string {
  const texts =
    server.texts.source === 'stsb'
      ? `STS-B test sentences (${server.texts.sentences} unique, mean ${server.texts.meanChars.toFixed(0)} characters)`
      : `**the bench's generated corpus** (${server.texts.sentences} sentences; STS-B was not found)`;
  const orders = server.orders.map((order, i) => `round ${i + 1}: ${order.join(' → ')}`).join('; ');
  return (
    `Model ${server.model}, \`${server.route}\` (the OpenAI-shaped route, the same body for every server), ` +
    `texts: ${texts}. Load generator: ${server.loadGenerator}. Each level: ${server.warmupS} s warm-up, then ` +
    `${server.durationS} s measured; ${server.rounds} round(s), one server running at a time, orders alternated (${orders}). ` +
    `Cores: ${server.threads} for every contender: AkiDB's server (\`--cores\`) and in-process service plan ` +
    `replicas × threads within them, Infinity gets ${server.threads} intra-op threads (see the last table).`
  );
}

function pivot(server: ServerComparison): string {
  const headers = ['clients × texts', ...server.contenders.map((c) => c.label)];
  const rows = server.shapes.map((shape) => [
    shapeLabel(shape),
    ...server.contenders.map((c) =>
      fixed(findLevel(c, shape.clients, shape.textsPerRequest)?.textsPerSecond, 1),
    ),
  ]);
  return markdownTable(headers, rows);
}

function levelsTable(contenders: readonly ServerContenderResult[]): string {
  const rows = contenders.flatMap((c) =>
    c.levels.map((level) => [
      shapeLabel(level),
      c.label,
      fixed(level.textsPerSecond, 1),
      fixed(level.latency?.p50Ms, 1),
      fixed(level.latency?.p95Ms, 1),
      fixed(level.latency?.p99Ms, 1),
      fixed(level.cpuSeconds.server, 2),
      fixed(level.cpuSeconds.loadGenerator, 2),
      fixed(level.cpuMsPerText.server, 2),
      fixed(level.cpuMsPerText.serverMainThread, 2),
      fixed(level.cpuMsPerText.loadGenerator, 2),
      String(level.failures),
    ]),
  );
  if (rows.length === 0) return 'No contender was measured.';
  return markdownTable(
    [
      'clients × texts',
      'contender',
      'texts/s',
      'p50 (ms)',
      'p95 (ms)',
      'p99 (ms)',
      'CPU s, server',
      'CPU s, load gen',
      'server CPU ms/text',
      'main thread CPU ms/text',
      'load gen CPU ms/text',
      'failed requests',
    ],
    rows,
  );
}

function inProcessTable(server: ServerComparison): string {
  const yardstick = server.inProcess;
  if (yardstick === null) return 'Not measured in this run.';
  const perRound = (values: number[], digits: number): string =>
    values.map((v) => v.toFixed(digits)).join(', ');
  const single = yardstick.singleText;
  return [
    '`EmbeddingService.embed` from `@akidb/embedding-provider`, in the orchestrating process, on the same ' +
      `texts, planning replicas × threads within ${yardstick.threads} cores; a fresh service per round.`,
    markdownTable(
      ['measure', 'value', 'per round'],
      [
        [
          'batch 1, one call at a time: p50 (ms)',
          fixed(yardstick.batch1.p50Ms, 2),
          perRound(
            yardstick.rounds.map((r) => r.batch1P50Ms),
            2,
          ),
        ],
        ['batch 1: p95 (ms)', fixed(yardstick.batch1.p95Ms, 2), ''],
        ['batch 1: texts/s', fixed(yardstick.batch1.textsPerSecond, 1), ''],
        [
          `batch 32, ${yardstick.concurrency} call(s) in flight: texts/s`,
          fixed(yardstick.batch32.textsPerSecond, 1),
          perRound(
            yardstick.rounds.map((r) => r.batch32TextsPerSecond),
            1,
          ),
        ],
        [
          `one text per call, ${single.callers} calls in flight, batching on: texts/s`,
          fixed(single.onTextsPerSecond, 1),
          perRound(
            yardstick.rounds.map((r) => r.singleTextOnTextsPerSecond),
            1,
          ),
        ],
        [
          `one text per call, ${single.callers} calls in flight, batching off: texts/s`,
          fixed(single.offTextsPerSecond, 1),
          perRound(
            yardstick.rounds.map((r) => r.singleTextOffTextsPerSecond),
            1,
          ),
        ],
        [
          'one text per call: batching on ÷ off (no HTTP)',
          times(onOverOff(single.onTextsPerSecond, single.offTextsPerSecond)),
          yardstick.rounds
            .map((r) => onOverOff(r.singleTextOnTextsPerSecond, r.singleTextOffTextsPerSecond))
            .map((value) => fixed(value, 2))
            .join(', '),
        ],
      ],
    ),
    `Calls in flight at batch 32: ${yardstick.concurrency} (${yardstick.concurrencySource}).`,
  ].join('\n\n');
}

function onOverOff(on: number, off: number): number | null {
  return off > 0 ? on / off : null;
}

function checksTable(checks: readonly ServerCheck[]): string {
  if (checks.length === 0) return 'No checks.';
  const rows = checks.map((check) => [
    check.check,
    `${check.comparison === '>=' ? '≥' : '≤'} ${check.target.toFixed(2)}x`,
    times(check.value),
    check.perRound.map((value) => value.toFixed(2)).join(', '),
    check.met === null ? `not measured: ${check.missing ?? ''}` : check.met ? 'met' : 'missed',
  ]);
  return markdownTable(['check', 'target', 'measured', 'per round', ''], rows);
}

function contendersTable(contenders: readonly ServerContenderResult[]): string {
  const rows = contenders.map((c) => [
    c.label,
    c.status + (c.reason ? `: ${c.reason}` : ''),
    c.startupS.map((s) => s.toFixed(1)).join(', '),
    fixed(c.minCosine, 6),
    c.settings.join('; '),
  ]);
  return markdownTable(['contender', 'status', 'startup (s)', 'min cosine vs in-process', 'settings'], rows);
}

function findLevel(
  contender: ServerContenderResult,
  clients: number,
  textsPerRequest: number,
): ServerLevelResult | undefined {
  return contender.levels.find((l) => l.clients === clients && l.textsPerRequest === textsPerRequest);
}
