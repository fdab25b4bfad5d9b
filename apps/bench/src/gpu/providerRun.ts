import { isAkidbError, loadOnnxEmbeddingProvider } from '@akidb/embedding-provider';
import { minCosine as leastCosine } from '../peers/cosine.js';
import type { Reference } from './reference.js';

/** Texts/s of the provider at one batch size, end to end (tokenise, pad, infer, pool, normalise). */
export interface BatchThroughput {
  readonly batch: number;
  readonly texts: number;
  readonly textsPerSecond: number;
  /** Median single-call latency; batch 1 only. */
  readonly p50Ms?: number;
}

/** One variant on one execution provider through `loadOnnxEmbeddingProvider`. */
export interface ProviderRun {
  readonly variant: string;
  readonly requested: string;
  /** The provider the session runs on, or null when it could not be used. */
  readonly executionProvider: string | null;
  /** Why the provider could not be used (skipped or failed), from the session's attempts. */
  readonly unavailable?: string;
  readonly loadMs?: number;
  /** Least cosine of all texts against sentence-transformers. */
  readonly minCosine?: number;
  readonly throughput: readonly BatchThroughput[];
}

export interface ProviderRunOptions {
  readonly modelDir: string;
  readonly variant: string;
  readonly ep: string;
  readonly threads: number;
  readonly batches: readonly number[];
  readonly reps: number;
  readonly batchOneTexts: number;
}

function unavailableReason(error: unknown): string {
  if (isAkidbError(error) && error.code === 'EXECUTION_PROVIDER_UNAVAILABLE') {
    const attempts = (error.details?.attempts ?? []) as {
      provider: string;
      outcome: string;
      reason?: string;
    }[];
    return attempts.map((a) => `${a.provider} ${a.outcome}: ${a.reason ?? ''}`).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads the variant on `ep` alone (strict: no CPU fallback), checks parity on every reference text,
 * then times end-to-end texts/s per batch size. Texts are length-sorted once, as
 * sentence-transformers sorts them, and fed in chunks of `batch`; batch 1 uses the first
 * `batchOneTexts` texts and also reports the median call latency.
 */
export async function runProvider(options: ProviderRunOptions, reference: Reference): Promise<ProviderRun> {
  const { variant, ep } = options;
  const maxBatchSize = Math.max(...options.batches);
  let provider: Awaited<ReturnType<typeof loadOnnxEmbeddingProvider>>;
  const loadStarted = performance.now();
  try {
    provider = await loadOnnxEmbeddingProvider({
      modelDir: options.modelDir,
      // One session, every batch whole: the bench times batch sizes itself.
      replicas: 1,
      batching: { maxBatchSize, maxBatchTokens: maxBatchSize * 512 },
      session: { executionProviders: [ep], strict: true, intraOpNumThreads: options.threads },
    });
  } catch (error) {
    return {
      variant,
      requested: ep,
      executionProvider: null,
      unavailable: unavailableReason(error),
      throughput: [],
    };
  }
  const loadMs = performance.now() - loadStarted;
  try {
    const texts = reference.texts;
    const all = await provider.embed(texts);
    const minCosine = leastCosine(all.embeddings, reference.rows);
    const encoded = await provider.tokenize(texts);
    const order = texts
      .map((_, i) => i)
      .sort((a, b) => (encoded[b]?.tokenCount ?? 0) - (encoded[a]?.tokenCount ?? 0));
    const sorted = order.map((i) => texts[i] as string);
    const throughput: BatchThroughput[] = [];
    for (const batch of options.batches) {
      const pool = batch === 1 ? texts.slice(0, options.batchOneTexts) : sorted;
      const chunks: string[][] = [];
      for (let i = 0; i < pool.length; i += batch) chunks.push(pool.slice(i, i + batch));
      await provider.embed(chunks[0] ?? []);
      let best = Number.POSITIVE_INFINITY;
      const latencies: number[] = [];
      for (let rep = 0; rep < options.reps; rep++) {
        const started = performance.now();
        for (const chunk of chunks) {
          const callStarted = performance.now();
          await provider.embed(chunk);
          if (batch === 1 && rep === 0) latencies.push(performance.now() - callStarted);
        }
        best = Math.min(best, performance.now() - started);
      }
      const row: BatchThroughput = { batch, texts: pool.length, textsPerSecond: (pool.length * 1000) / best };
      throughput.push(batch === 1 ? { ...row, p50Ms: median(latencies) } : row);
    }
    return {
      variant,
      requested: ep,
      executionProvider: provider.modelInfo().executionProvider,
      loadMs,
      minCosine,
      throughput,
    };
  } finally {
    await provider.dispose();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
