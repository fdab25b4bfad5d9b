import { performance } from 'node:perf_hooks';
import { createEmbeddingService, type EmbeddingService } from '@akidb/embedding-provider';
import { batchAt, runFor, YARDSTICK_BATCH, yardstickCalls } from '../closedLoop.js';

/** How to run AkiDB in-process for the server comparison. */
export interface InProcessOptions {
  home: string;
  model: string;
  texts: readonly string[];
  threads: number;
  warmupS: number;
  /** Seconds of batch-1 calls, then of batch-32 calls. */
  batch1S: number;
  batch32S: number;
  /** Concurrent batch-32 calls; `null` = the service's replica count when it exposes one, else 1. */
  concurrency: number | null;
}

/** One round of the in-process yardstick. */
export interface InProcessRound {
  batch1Ms: number[];
  batch32: { texts: number; seconds: number; calls: number };
  concurrency: number;
  concurrencySource: string;
}

/**
 * AkiDB in-process through `EmbeddingService.embed` on the server's texts, with the server's
 * thread count: one text per call back to back (latency), then batches of 32 with enough calls
 * in flight to use every replica (throughput). A fresh service per round, closed after.
 *
 * @example
 * const round = await measureInProcess({ home, model, texts, threads: 2, warmupS: 1, batch1S: 5,
 *   batch32S: 10, concurrency: null });
 */
export async function measureInProcess(options: InProcessOptions): Promise<InProcessRound> {
  const service = await openService(options.home, options.model, options.threads);
  try {
    const { concurrency, source } = await pickConcurrency(service, options.model, options.concurrency);
    const single = (i: number): readonly string[] => batchAt(options.texts, 1, i);
    const batch = (i: number): readonly string[] => batchAt(options.texts, YARDSTICK_BATCH, i);
    await runFor(options.warmupS / 2, 1, async (i) => {
      await service.embed({ model: options.model, texts: single(i) });
    });
    const batch1Ms: number[] = [];
    await runFor(options.batch1S, 1, async (i) => {
      const began = performance.now();
      await service.embed({ model: options.model, texts: single(i) });
      batch1Ms.push(performance.now() - began);
    });
    await runFor(options.warmupS / 2, concurrency, async (i) => {
      await service.embed({ model: options.model, texts: batch(i) });
    });
    const began = performance.now();
    const calls = await runFor(options.batch32S, concurrency, async (i) => {
      await service.embed({ model: options.model, texts: batch(i) });
    });
    const seconds = (performance.now() - began) / 1000;
    return {
      batch1Ms,
      batch32: { texts: calls * YARDSTICK_BATCH, seconds, calls },
      concurrency,
      concurrencySource: source,
    };
  } finally {
    await service.close();
  }
}

/**
 * AkiDB's vectors for `texts`, in-process: what every server's answers are checked against.
 *
 * @example
 * const reference = await inProcessVectors(home, 'all-minilm-l6-v2', texts.slice(0, 16), 2);
 */
export async function inProcessVectors(
  home: string,
  model: string,
  texts: readonly string[],
  threads: number,
): Promise<Float32Array[]> {
  const service = await openService(home, model, threads);
  try {
    return (await service.embed({ model, texts })).embeddings;
  } finally {
    await service.close();
  }
}

async function openService(home: string, model: string, threads: number): Promise<EmbeddingService> {
  const service = await createEmbeddingService({
    home,
    defaultModel: model,
    // The same cores as every contender; the service plans its replicas x threads within them.
    cores: threads,
    session: { interOpNumThreads: 1 },
  });
  await service.preload([model]);
  return service;
}

/** Concurrent calls for batch 32: the override, else {@link yardstickCalls} for the model's replicas. */
async function pickConcurrency(
  service: EmbeddingService,
  model: string,
  override: number | null,
): Promise<{ concurrency: number; source: string }> {
  if (override !== null) return { concurrency: override, source: '--inproc-concurrency' };
  const { id, replicas, threads } = await service.modelInfo(model);
  return {
    concurrency: yardstickCalls(replicas),
    source: `two calls per replica: ${id} runs as ${replicas} replica(s) x ${threads} thread(s)`,
  };
}
