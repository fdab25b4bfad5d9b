import type { LatencySummary } from '../measure/stats.js';

/** Cold load of one variant in a fresh process. */
export interface LoadResult {
  coldLoadMs: number;
  /** The first batch after loading (ONNX Runtime allocates its arenas here). */
  firstBatchMs: number;
  baselineRssMB: number;
  loadedRssMB: number;
  afterBatchRssMB: number;
  peakRssMB: number;
}

/** What the child measures after loading. */
export interface MeasureInput {
  modelDir: string;
  threads: number;
  texts: string[];
  batchSizes: number[];
  seconds: number;
  minCalls: number;
}

/** One batch size: the provider and bare ONNX Runtime, interleaved call by call. */
export interface CellResult {
  batchSize: number;
  ours: LatencySummary;
  bare: LatencySummary;
  oursTextsPerSecond: number;
  bareTextsPerSecond: number;
  /** Median over paired calls of bare time / provider time (1 = as fast as bare ONNX Runtime). */
  oursOverBare: number;
}

/** sentence-transformers on torch CPU (tools/models/bench_sentence_transformers.py). */
export interface StResult {
  threads: number;
  coldLoadMs: number;
  loadedRssMB: number;
  peakRssMB: number;
  cells: { batchSize: number; calls: number; p50Ms: number; p95Ms: number; textsPerSecond: number }[];
  versions: Record<string, string>;
}

/** One variant's figures. */
export interface VariantReport {
  variant: string;
  id: string;
  modelBytes: number;
  load: LoadResult;
  cells: CellResult[];
}

/** Everything one bench:qwen run measured. */
export interface QwenReport {
  startedAt: string;
  durationS: number;
  command: string;
  machine: {
    cpus: string;
    cpuCount: number;
    memoryGB: number;
    loadAverageStart: number;
    loadAverageEnd: number;
  };
  threads: number;
  seconds: number;
  texts: { count: number; meanTokens: number };
  variants: VariantReport[];
  sentenceTransformers: StResult | null;
  notes: string[];
}
