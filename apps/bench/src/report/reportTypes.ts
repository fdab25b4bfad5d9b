import type { LengthClass } from '../corpus/lengthPools.js';
import type { LatencySummary } from '../measure/stats.js';
import type { ContenderId } from '../peers/contender.js';
import type { ServerComparison } from './serverReportTypes.js';

/** Version of the `report.json` layout; bumped on incompatible changes. */
export const REPORT_VERSION = 2;

/** The machine the run was taken on, and how busy it was. */
export interface MachineInfo {
  os: string;
  arch: string;
  cpuModel: string;
  cpus: number;
  totalMemoryMB: number;
  node: string;
  versions: Record<string, string>;
  /** 1-minute load average at the start and end of the run (background load from other work). */
  loadAverageStart: number;
  loadAverageEnd: number;
}

/** What the run was asked to do. */
export interface RunSettings {
  quick: boolean;
  models: string[];
  batchSizes: number[];
  lengths: LengthClass[];
  threads: { intraOpNumThreads: number; interOpNumThreads: number };
  /** Where ours ran ONNX Runtime; `null` = the provider's default (a worker thread). */
  oursRunIn: string | null;
  warmup: number;
  minReps: number;
  maxReps: number;
  cellBudgetMs: number;
  peers: ContenderId[];
  server: {
    enabled: boolean;
    url: string | null;
    concurrency: number[];
    durationS: number;
    /** Whether Infinity ran as a server peer (`--server-peers`). */
    peers: boolean;
  };
}

/** One contender's latency and throughput on one workload. */
export interface ContenderResult extends LatencySummary {
  textsPerSecond: number;
  /** Real (unpadded) tokens per second. */
  tokensPerSecond: number;
}

/** Whether a peer does the same work as ours: cosine of its vectors against ours on the same texts. */
export interface PeerCheck {
  peer: ContenderId;
  status: 'match' | 'mismatch' | 'failed';
  minCosine: number | null;
  /** Why it was not timed, for `mismatch` and `failed`. */
  reason: string | null;
  loadMs: number | null;
}

/** One latency-grid cell: a batch size and a text length, every timed contender side by side. */
export interface GridCell {
  length: LengthClass;
  batchSize: number;
  meanTokens: number;
  results: Partial<Record<ContenderId, ContenderResult>>;
  /** Throughput ratios ours ÷ peer, medians of per-round ratios (> 1: ours is faster). */
  oursOverBareOrt: number | null;
  oursOverTransformersJs: number | null;
  /** Interquartile ranges [p25, p75] of the per-round ratios above: the noise of this cell. */
  oursOverBareOrtRange: [number, number] | null;
  oursOverTransformersJsRange: [number, number] | null;
}

/** Names of the mixed-corpus feeds. */
export type MixedFeed = 'ours' | 'bareOrtNaive' | 'bareOrtSorted' | 'transformersJs' | 'fastembed';

/** The whole mixed-length corpus in arrival order. */
export interface MixedResult {
  texts: number;
  realTokens: number;
  naivePaddingFraction: number;
  sortedPaddingFraction: number;
  results: Partial<Record<MixedFeed, ContenderResult>>;
  oursOverBareNaive: number | null;
  oursOverBareSorted: number | null;
  sortedOverNaive: number | null;
  oursOverTransformersJs: number | null;
  /** Interquartile ranges [p25, p75] of the per-round ratios of the two goals on this corpus. */
  oursOverBareNaiveRange: [number, number] | null;
  oursOverTransformersJsRange: [number, number] | null;
}

/** Where ours' time goes on one workload, median per call, in ms. */
export interface Breakdown {
  workload: string;
  wallMs: number;
  tokenizeMs: number;
  /** Padding and tensor building, timed separately with the same inputs. */
  tensorMs: number;
  inferenceMs: number;
  poolingMs: number;
  /** Wall time not accounted for above (batch planning, normalisation, JS glue). */
  otherMs: number;
  /** Bare `session.run` on the same tensors, timed in the same rounds. */
  bareOrtMs: number;
}

/** Load time and memory of one contender in a fresh process. */
export interface Footprint {
  contender: ContenderId;
  coldLoadMs: number;
  baselineRssMB: number;
  peakRssMB: number;
  /** Median of later loads in the same process (files in the page cache, runtime initialised). */
  reloadMs: number | null;
}

/** Acquiring a model through `createEmbeddingService`: the first time (load) and then from its cache. */
export interface CacheTiming {
  coldAcquireMs: number;
  hitMedianUs: number;
  hitP99Us: number;
  hits: number;
}

/** Everything measured for one model. */
export interface ModelReport {
  id: string;
  modelFile: string;
  modelMB: number;
  dimension: number;
  quantization: string;
  checks: PeerCheck[];
  grid: GridCell[];
  mixed: MixedResult;
  breakdown: Breakdown[];
  footprints: Footprint[];
  cache: CacheTiming | null;
}

/** A goal from the issue, and whether this run met it. */
export interface GoalResult {
  model: string;
  goal: string;
  target: number;
  value: number | null;
  met: boolean | null;
}

/** The whole `report.json`. */
export interface BenchReport {
  version: number;
  startedAt: string;
  finishedAt: string;
  durationS: number;
  command: string;
  machine: MachineInfo;
  settings: RunSettings;
  corpus: { file: string; sentences: number };
  models: ModelReport[];
  server: ServerComparison | null;
  goals: GoalResult[];
  notes: string[];
}
