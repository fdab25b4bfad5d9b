import type { EmbeddingProvider, EncodedText } from '@akidb/core';
import { applyOutputOptions, checkModelDimensions, type EmbeddingService } from '@akidb/embedding-provider';
import { type BatchReport, DynamicBatcher } from './dynamicBatcher.js';
import type { Embedder, EmbedJob, EmbedOutcome } from './embedder.js';
import { encodeJob } from './encodeJob.js';
import type { BatchLimits } from './formBatch.js';
import { raceAbort } from './requestDeadline.js';

/** Settings of a {@link BatchingEmbedder}. */
export interface BatchingEmbedderOptions extends BatchLimits {
  maxQueueTexts: number;
  onBatch?: (report: BatchReport) => void;
}

/**
 * Tokenizes each request on arrival (`provider.encode`), then hands its rows to a
 * {@link DynamicBatcher} that runs `provider.embedEncoded(rows, { normalize: false })` with the model
 * held (`service.withModel`) for the whole batch. Each request's own `normalize`/`dimensions` are
 * applied to its rows afterwards, so requests with different output options share a batch.
 */
export class BatchingEmbedder implements Embedder {
  readonly batching = true;
  readonly #service: EmbeddingService;
  readonly #batcher: DynamicBatcher;

  constructor(service: EmbeddingService, options: BatchingEmbedderOptions) {
    this.#service = service;
    this.#batcher = new DynamicBatcher({
      maxBatchSize: options.maxBatchSize,
      maxBatchTokens: options.maxBatchTokens,
      maxQueueTexts: options.maxQueueTexts,
      run: (model, rows) => this.#runBatch(model, rows),
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
    });
  }

  async embed(job: EmbedJob): Promise<EmbedOutcome> {
    const startedAt = performance.now();
    const model = this.#service.resolveModelId(job.model);
    const count = job.input.kind === 'texts' ? job.input.texts.length : job.input.ids.length;
    this.#batcher.assertCapacity(model, count);
    const prepared = await raceAbort(
      this.#service.withModel(model, async (provider: EmbeddingProvider) => {
        const info = provider.modelInfo();
        if (job.dimensions !== undefined) checkModelDimensions(info, job.dimensions);
        const tokenizeStart = performance.now();
        const rows = await encodeJob(provider, job);
        return { rows, dimension: info.dimension, tokenizeMs: performance.now() - tokenizeStart };
      }),
      job.signal,
    );
    const batched = await raceAbort(this.#batcher.submit(model, prepared.rows, job.signal), job.signal);
    const embeddings = applyOutputOptions(batched.vectors, {
      normalize: job.normalize,
      ...(job.dimensions === undefined ? {} : { dimensions: job.dimensions }),
    });
    const totalMs = performance.now() - startedAt;
    return {
      model,
      dimension: job.dimensions ?? prepared.dimension,
      embeddings,
      promptTokens: prepared.rows.reduce((sum, row) => sum + row.tokenCount, 0),
      timings: {
        queueMs: Math.max(0, totalMs - prepared.tokenizeMs - batched.inferenceMs),
        tokenizeMs: prepared.tokenizeMs,
        inferenceMs: batched.inferenceMs,
        totalMs,
      },
    };
  }

  queueDepths(): Map<string, number> {
    return this.#batcher.queueDepths();
  }

  async #runBatch(model: string, rows: readonly EncodedText[]): Promise<Float32Array[]> {
    const result = await this.#service.withModel(model, (provider) =>
      provider.embedEncoded(rows, { normalize: false }),
    );
    return result.embeddings;
  }
}
