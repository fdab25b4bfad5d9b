import { quantile } from '../measure/stats.js';
import type { LevelLatency, LevelRound, LoadShape, ServerLevelResult } from '../report/serverReportTypes.js';
import type { DriveResult } from './driveLoad.js';

/** One round's raw result of a level, as the load generator returned it. */
export interface MeasuredRound {
  round: number;
  result: DriveResult;
}

/** `8 × 1`: clients × texts per request. */
export function shapeLabel(shape: LoadShape): string {
  return `${shape.clients} × ${shape.textsPerRequest}`;
}

/** p50/p95/p99/max of latency samples, or `null` without any. */
export function latencyOf(samplesMs: readonly number[]): LevelLatency | null {
  if (samplesMs.length === 0) return null;
  let max = 0;
  for (const value of samplesMs) max = Math.max(max, value);
  return {
    p50Ms: quantile(samplesMs, 0.5),
    p95Ms: quantile(samplesMs, 0.95),
    p99Ms: quantile(samplesMs, 0.99),
    maxMs: max,
  };
}

/** A round's summary for the report (latencies reduced to percentiles). */
export function toLevelRound({ round, result }: MeasuredRound): LevelRound {
  return {
    round,
    windowS: result.windowS,
    requests: result.requests,
    ok: result.ok,
    texts: result.texts,
    errors: result.errors,
    timeouts: result.timeouts,
    status429: result.status429,
    non2xx: result.non2xx,
    textsPerSecond: result.windowS > 0 ? result.texts / result.windowS : 0,
    latency: latencyOf(result.latenciesMs),
    cpuSeconds: {
      server: result.cpu.serverS,
      serverMainThread: result.cpu.serverMainThreadS,
      loadGenerator: result.cpu.loadGeneratorS,
    },
    firstError: result.firstError,
  };
}

/**
 * Combines the rounds of one level: texts/s over all measured seconds, latency percentiles over
 * the pooled samples, CPU seconds as the mean per round and per text.
 *
 * @example
 * const level = aggregateLevel({ clients: 8, textsPerRequest: 1 }, [{ round: 0, result }]);
 */
export function aggregateLevel(shape: LoadShape, measured: readonly MeasuredRound[]): ServerLevelResult {
  const rounds = measured.map(toLevelRound);
  const seconds = sum(rounds.map((r) => r.windowS));
  const texts = sum(rounds.map((r) => r.texts));
  const serverCpu = sumOrNull(rounds.map((r) => r.cpuSeconds.server));
  const mainThreadCpu = sumOrNull(rounds.map((r) => r.cpuSeconds.serverMainThread));
  const loadCpu = sum(rounds.map((r) => r.cpuSeconds.loadGenerator));
  const n = Math.max(1, rounds.length);
  const perRound = (seconds: number | null): number | null => (seconds === null ? null : seconds / n);
  const perText = (seconds: number | null): number | null =>
    seconds === null || texts === 0 ? null : (seconds * 1000) / texts;
  return {
    clients: shape.clients,
    textsPerRequest: shape.textsPerRequest,
    textsPerSecond: seconds > 0 ? texts / seconds : 0,
    latency: latencyOf(measured.flatMap((m) => m.result.latenciesMs)),
    cpuSeconds: {
      server: perRound(serverCpu),
      serverMainThread: perRound(mainThreadCpu),
      loadGenerator: loadCpu / n,
    },
    cpuMsPerText: {
      server: perText(serverCpu),
      serverMainThread: perText(mainThreadCpu),
      loadGenerator: perText(loadCpu),
    },
    failures: sum(rounds.map((r) => r.errors + r.timeouts + r.non2xx)),
    rounds,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** The sum, or `null` when any value is missing (a round without the server's CPU). */
function sumOrNull(values: readonly (number | null)[]): number | null {
  return values.every((value) => value !== null) ? sum(values as number[]) : null;
}
