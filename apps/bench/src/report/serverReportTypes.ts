import type { MachineInfo } from './reportTypes.js';

/** Who serves in the server comparison. `url` is a server the bench did not start (`--url`). */
export type ServerContenderId = 'oursBatching' | 'oursNoBatching' | 'infinityTorch' | 'infinityOnnx' | 'url';

/** A load level: `clients` closed-loop clients, each sending `textsPerRequest` texts per request. */
export interface LoadShape {
  clients: number;
  textsPerRequest: number;
}

/** Latency percentiles of the 2xx requests of a level, in ms (`null` when none succeeded). */
export interface LevelLatency {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** CPU seconds spent during a measured window (user + system, every thread). */
export interface CpuSeconds {
  /** The server process, from /proc/<pid>/stat; `null` when the bench did not start it. */
  server: number | null;
  /** Its main thread alone, from /proc/<pid>/task/<pid>/stat (a Node server's event loop). */
  serverMainThread: number | null;
  /** The load generator's own process (`process.cpuUsage()` in the child). */
  loadGenerator: number;
}

/** The requests of one measured window, as the load generator counted them. */
export interface WindowCounts {
  windowS: number;
  requests: number;
  ok: number;
  /** Texts in 2xx responses completed inside the window. */
  texts: number;
  errors: number;
  timeouts: number;
  status429: number;
  non2xx: number;
  /** The first failure seen, if any (status and body start, or the network error). */
  firstError: string | null;
}

/** What one level measured in one round. */
export interface LevelRound extends WindowCounts {
  round: number;
  textsPerSecond: number;
  latency: LevelLatency | null;
  cpuSeconds: CpuSeconds;
}

/** One level of one contender over every round. */
export interface ServerLevelResult extends LoadShape {
  /** Texts of all rounds ÷ measured seconds of all rounds. */
  textsPerSecond: number;
  /** Percentiles over the pooled latencies of every round. */
  latency: LevelLatency | null;
  /** Mean CPU seconds per round (one measured window). */
  cpuSeconds: CpuSeconds;
  /** CPU milliseconds per text: server, its main thread, load generator (`null` without texts or server CPU). */
  cpuMsPerText: { server: number | null; serverMainThread: number | null; loadGenerator: number | null };
  failures: number;
  rounds: LevelRound[];
}

/** One contender: how it ran and what it measured. */
export interface ServerContenderResult {
  id: ServerContenderId;
  label: string;
  status: 'measured' | 'skipped' | 'failed' | 'mismatch';
  /** Why it was skipped, failed or not timed. */
  reason: string | null;
  /** How it was run: threads, engine, flags, versions (one line each). */
  settings: string[];
  /** Least cosine of its vectors against AkiDB in-process on the check texts (≥ 0.999 to be timed). */
  minCosine: number | null;
  /** Seconds from spawn to ready, per round. */
  startupS: number[];
  levels: ServerLevelResult[];
}

/** AkiDB in-process (`EmbeddingService.embed`) on the same texts: the yardstick for the server. */
export interface InProcessYardstick {
  threads: number;
  /** Concurrent batch-32 calls, and where that number came from. */
  concurrency: number;
  concurrencySource: string;
  batch1: { p50Ms: number; p95Ms: number; textsPerSecond: number; samples: number };
  batch32: { textsPerSecond: number; calls: number };
  /**
   * One-text calls from `callers` concurrent loops, the service's batching on and off: what the
   * library alone gives the server's batching on ÷ off check, with no HTTP.
   */
  singleText: { callers: number; onTextsPerSecond: number; offTextsPerSecond: number };
  rounds: {
    round: number;
    batch1P50Ms: number;
    batch32TextsPerSecond: number;
    singleTextOnTextsPerSecond: number;
    singleTextOffTextsPerSecond: number;
  }[];
}

/** A "must show" check of the issue, derived from the measurements. */
export interface ServerCheck {
  id: string;
  check: string;
  /** `>=`: the value must reach the target; `<=`: it must stay under it. */
  comparison: '>=' | '<=';
  target: number;
  value: number | null;
  /** The same ratio per round, where both sides were measured in every round. */
  perRound: number[];
  met: boolean | null;
  /** Why it could not be evaluated, when `value` is null. */
  missing: string | null;
}

/** Where the texts came from. */
export interface ServerTexts {
  source: 'stsb' | 'generated';
  file: string;
  sentences: number;
  meanChars: number;
}

/** The whole server comparison: every contender under the same load generator, rounds interleaved. */
export interface ServerComparison {
  model: string;
  route: string;
  texts: ServerTexts;
  rounds: number;
  warmupS: number;
  durationS: number;
  shapes: LoadShape[];
  threads: number;
  /** Contender order per round (ids, the yardstick as `inProcess`). */
  orders: string[][];
  loadGenerator: string;
  contenders: ServerContenderResult[];
  inProcess: InProcessYardstick | null;
  checks: ServerCheck[];
  notes: string[];
}

/** `report.json` of `bench:server`. */
export interface ServerBenchReport {
  version: number;
  kind: 'server';
  startedAt: string;
  finishedAt: string;
  durationS: number;
  command: string;
  machine: MachineInfo;
  quick: boolean;
  comparison: ServerComparison;
}
