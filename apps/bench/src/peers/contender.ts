import type { Job } from '../measure/interleave.js';

/** Who is being timed. `bareOrt` is the ceiling; the other two are libraries users would pick instead. */
export type ContenderId = 'ours' | 'bareOrt' | 'transformersJs' | 'fastembed';

/** Display names, as used in tables and chart legends. */
export const CONTENDER_LABELS: Readonly<Record<ContenderId, string>> = {
  ours: 'AkiDB',
  bareOrt: 'bare ORT',
  transformersJs: 'transformers.js',
  fastembed: 'fastembed',
};

/** ONNX Runtime thread settings, the same for every contender in a run. */
export interface ThreadSettings {
  intraOpNumThreads: number;
  interOpNumThreads: number;
}

/** Something that embeds text and can be timed doing it. */
export interface Contender {
  readonly id: ContenderId;
  /** Mean-pooled, L2-normalised vectors of `texts`, in order: what the equal-work check compares. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Embeds `texts` in one call (one grid cell). Preparation happens here, outside the timed job. */
  batchJob(texts: readonly string[]): Promise<Job>;
  /** Embeds a whole corpus in arrival order, the way a user of this library would (batches of 32). */
  corpusJob(texts: readonly string[]): Promise<Job>;
  dispose(): Promise<void>;
}
