import type {
  InProcessYardstick,
  ServerCheck,
  ServerContenderId,
  ServerContenderResult,
  ServerLevelResult,
} from '../report/serverReportTypes.js';

/** The "must show" targets for the server. */
export const SERVER_GOALS = {
  serverOverInProcessBatch32: 0.85,
  batchingOnOverOff: 1.8,
  neverFalls: 1,
  oursOverInfinityOnnx: 1.5,
  idleP50OverInProcess: 1.3,
} as const;

/** Single-text clients at which batching on ÷ off is checked (and the in-process pair is measured). */
export const BATCHING_CHECK_CLIENTS = 32;

type Side = { value: number; perRound: number[] } | string;

/**
 * Derives the checks from a comparison: AkiDB's server with dynamic batching on against
 * the in-process yardstick, itself with batching off, its own lower levels, and Infinity's ONNX
 * engine. A check whose inputs were not measured has `value: null` and says what is missing.
 * Values are ratios of throughput summed over rounds; `perRound` repeats each ratio per round.
 *
 * @example
 * const checks = evaluateServerChecks(comparison.contenders, comparison.inProcess);
 */
export function evaluateServerChecks(
  contenders: readonly ServerContenderResult[],
  inProcess: InProcessYardstick | null,
): ServerCheck[] {
  const checks: ServerCheck[] = [];
  const ours = (clients: number, texts = 1): ServerLevelResult | string =>
    level(contenders, 'oursBatching', clients, texts);
  const onnx = (clients: number, texts = 1): ServerLevelResult | string =>
    level(contenders, 'infinityOnnx', clients, texts);

  const at64 = ours(64);
  checks.push(
    check(
      'server-64-vs-in-process',
      'AkiDB server, 64 single-text clients ÷ in-process batch 32 (texts/s)',
      '>=',
      SERVER_GOALS.serverOverInProcessBatch32,
      inProcess === null
        ? 'no in-process yardstick in this run'
        : ratio(at64, {
            textsPerSecond: inProcess.batch32.textsPerSecond,
            perRound: inProcess.rounds.map((r) => r.batch32TextsPerSecond),
          }),
    ),
  );
  checks.push(
    check(
      'batching-on-off-32',
      `AkiDB server, dynamic batching on ÷ off at ${BATCHING_CHECK_CLIENTS} single-text clients (texts/s)`,
      '>=',
      SERVER_GOALS.batchingOnOverOff,
      ratio(
        ours(BATCHING_CHECK_CLIENTS),
        throughput(level(contenders, 'oursNoBatching', BATCHING_CHECK_CLIENTS, 1)),
      ),
    ),
  );
  checks.push(
    check(
      'never-falls-8-64',
      'AkiDB server, throughput never falls from 8 to 64 single-text clients (least step ratio)',
      '>=',
      SERVER_GOALS.neverFalls,
      leastStep(contenders),
    ),
  );
  for (const [clients, texts] of [
    [32, 1],
    [64, 1],
    [4, 32],
  ] as const) {
    checks.push(
      check(
        `vs-infinity-onnx-${clients}x${texts}`,
        `AkiDB server ÷ Infinity ONNX engine at ${clients} × ${texts} (texts/s)`,
        '>=',
        SERVER_GOALS.oursOverInfinityOnnx,
        ratio(ours(clients, texts), throughput(onnx(clients, texts))),
      ),
    );
  }
  const idle = ours(1);
  checks.push(
    check(
      'idle-p50-vs-in-process',
      'Idle AkiDB server, one client, one text: p50 ÷ in-process batch-1 p50',
      '<=',
      SERVER_GOALS.idleP50OverInProcess,
      typeof idle === 'string'
        ? idle
        : inProcess === null
          ? 'no in-process yardstick in this run'
          : idle.latency === null
            ? 'no successful request at 1 × 1'
            : {
                value: idle.latency.p50Ms / inProcess.batch1.p50Ms,
                perRound: pairRounds(
                  idle.rounds.map((r) => r.latency?.p50Ms ?? Number.NaN),
                  inProcess.rounds.map((r) => r.batch1P50Ms),
                ),
              },
    ),
  );
  return checks;
}

function level(
  contenders: readonly ServerContenderResult[],
  id: ServerContenderId,
  clients: number,
  textsPerRequest: number,
): ServerLevelResult | string {
  const contender = contenders.find((c) => c.id === id);
  if (!contender) return `${id} was not in this run`;
  if (contender.status !== 'measured')
    return `${contender.label} ${contender.status}: ${contender.reason ?? ''}`.trim();
  const found = contender.levels.find((l) => l.clients === clients && l.textsPerRequest === textsPerRequest);
  return found ?? `no ${clients} × ${textsPerRequest} level in this run`;
}

function throughput(
  side: ServerLevelResult | string,
): { textsPerSecond: number; perRound: number[] } | string {
  if (typeof side === 'string') return side;
  return { textsPerSecond: side.textsPerSecond, perRound: side.rounds.map((r) => r.textsPerSecond) };
}

function ratio(
  numerator: ServerLevelResult | string,
  denominator: { textsPerSecond: number; perRound: number[] } | string,
): Side {
  if (typeof numerator === 'string') return numerator;
  if (typeof denominator === 'string') return denominator;
  if (!(denominator.textsPerSecond > 0)) return 'the denominator measured 0 texts/s';
  return {
    value: numerator.textsPerSecond / denominator.textsPerSecond,
    perRound: pairRounds(
      numerator.rounds.map((r) => r.textsPerSecond),
      denominator.perRound,
    ),
  };
}

/** Least ratio between consecutive single-text levels of AkiDB (batching on) from 8 to 64 clients. */
function leastStep(contenders: readonly ServerContenderResult[]): Side {
  const contender = contenders.find((c) => c.id === 'oursBatching');
  if (contender?.status !== 'measured') return 'AkiDB (batching on) was not measured';
  const levels = contender.levels
    .filter((l) => l.textsPerRequest === 1 && l.clients >= 8 && l.clients <= 64)
    .sort((a, b) => a.clients - b.clients);
  if (levels.length < 2) return 'fewer than two single-text levels between 8 and 64 clients';
  const steps = (values: number[]): number =>
    Math.min(...values.slice(1).map((value, i) => value / (values[i] as number)));
  const rounds = Math.min(...levels.map((l) => l.rounds.length));
  return {
    value: steps(levels.map((l) => l.textsPerSecond)),
    perRound: Array.from({ length: rounds }, (_, r) =>
      steps(levels.map((l) => (l.rounds[r] as { textsPerSecond: number }).textsPerSecond)),
    ),
  };
}

function pairRounds(numerators: readonly number[], denominators: readonly number[]): number[] {
  if (numerators.length !== denominators.length) return [];
  const ratios = numerators.map((n, i) => n / (denominators[i] as number));
  return ratios.every((r) => Number.isFinite(r)) ? ratios : [];
}

function check(
  id: string,
  name: string,
  comparison: ServerCheck['comparison'],
  target: number,
  side: Side,
): ServerCheck {
  if (typeof side === 'string')
    return { id, check: name, comparison, target, value: null, perRound: [], met: null, missing: side };
  const met = comparison === '>=' ? side.value >= target : side.value <= target;
  return {
    id,
    check: name,
    comparison,
    target,
    value: side.value,
    perRound: side.perRound,
    met,
    missing: null,
  };
}
