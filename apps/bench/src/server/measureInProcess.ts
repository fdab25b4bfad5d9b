import { performance } from 'node:perf_hooks';
import { createEmbeddingService, type EmbeddingService } from '@akidb/embedding-provider';
import { batchAt, runFor, runWindow, YARDSTICK_BATCH, yardstickCalls } from '../closedLoop.js';

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
  /** Concurrent one-text callers for the batching on / off pair (the on ÷ off check's clients). */
  singleTextCallers: number;
  /** Seconds of one-text calls on each side of the pair. */
  singleTextS: number;
  /** Measure the side with batching off before the rest (rounds alternate, so neither side is always first). */
  offFirst: boolean;
}

/** Texts completed in a measured window. */
export interface ThroughputWindow {
  texts: number;
  seconds: number;
}

/** One round of the in-process yardstick. */
export interface InProcessRound {
  batch1Ms: number[];
  batch32: ThroughputWindow & { calls: number };
  concurrency: number;
  concurrencySource: string;
  /** One-text calls from `callers` concurrent loops, with the service's batching on and off. */
  singleText: { callers: number; on: ThroughputWindow; off: ThroughputWindow };
}

/**
 * AkiDB in-process through `EmbeddingService.embed` on the server's texts, with the server's
 * thread count: one text per call back to back (latency), then batches of 32 with enough calls
 * in flight to use every replica (throughput), then one-text calls from `singleTextCallers`
 * concurrent loops. The last is repeated on a service with batching off: the pair is what the
 * library alone gives the server's batching on ÷ off check, with no HTTP. A fresh service per
 * round (and one more for batching off), closed after.
 *
 * @example
 * const round = await measureInProcess({ home, model, texts, threads: 2, warmupS: 1, batch1S: 5,
 *   batch32S: 10, concurrency: null, singleTextCallers: 32, singleTextS: 10, offFirst: false });
 */
export async function measureInProcess(options: InProcessOptions): Promise<InProcessRound> {
  const batchingOff = (): Promise<ThroughputWindow> =>
    withService(options, false, (service) => singleTextWindow(service, options));
  const offBefore = options.offFirst ? await batchingOff() : null;
  const [yardstick, on] = await withService(options, true, async (service) => {
    const windows = await yardstickWindows(service, options);
    return [windows, await singleTextWindow(service, options)] as const;
  });
  const off = offBefore ?? (await batchingOff());
  return { ...yardstick, singleText: { callers: options.singleTextCallers, on, off } };
}

async function yardstickWindows(
  service: EmbeddingService,
  options: InProcessOptions,
): Promise<Omit<InProcessRound, 'singleText'>> {
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
  const { calls, seconds } = await runWindow(
    options.warmupS / 2,
    options.batch32S,
    concurrency,
    async (i) => {
      await service.embed({ model: options.model, texts: batch(i) });
    },
  );
  return {
    batch1Ms,
    batch32: { texts: calls * YARDSTICK_BATCH, seconds, calls },
    concurrency,
    concurrencySource: source,
  };
}

/** One-text calls from `singleTextCallers` closed loops: a warm-up, then the measured window. */
async function singleTextWindow(
  service: EmbeddingService,
  options: InProcessOptions,
): Promise<ThroughputWindow> {
  const { calls, seconds } = await runWindow(
    options.warmupS / 2,
    options.singleTextS,
    options.singleTextCallers,
    async (i) => {
      await service.embed({ model: options.model, texts: batchAt(options.texts, 1, i) });
    },
  );
  return { texts: calls, seconds };
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
  return withService({ home, model, threads }, true, async (service) => {
    return (await service.embed({ model, texts })).embeddings;
  });
}

/** Runs `use` on a fresh service for `model` (batching on or off), closed after. */
async function withService<T>(
  where: { home: string; model: string; threads: number },
  batching: boolean,
  use: (service: EmbeddingService) => Promise<T>,
): Promise<T> {
  const service = await createEmbeddingService({
    home: where.home,
    defaultModel: where.model,
    // The same cores as every contender; the service plans its replicas x threads within them.
    cores: where.threads,
    session: { interOpNumThreads: 1 },
    batching: { coalesce: batching },
  });
  try {
    await service.preload([where.model]);
    return await use(service);
  } finally {
    await service.close();
  }
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
