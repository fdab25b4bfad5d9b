import type { EmbeddingResult } from '@akidb/core';
import type { EmbeddingService } from '@akidb/embedding-provider';
import type { Embedder, EmbedJob, EmbedOutcome } from './embedder.js';
import { encodeJob } from './encodeJob.js';
import { raceAbort } from './requestDeadline.js';

/**
 * No batching: every request is its own service call (`service.embed` for texts,
 * `provider.embedEncoded` for token ids). Used to compare batching on and off.
 */
export class DirectEmbedder implements Embedder {
  readonly batching = false;
  readonly #service: EmbeddingService;

  constructor(service: EmbeddingService) {
    this.#service = service;
  }

  async embed(job: EmbedJob): Promise<EmbedOutcome> {
    const startedAt = performance.now();
    const options = {
      normalize: job.normalize,
      truncate: job.truncate,
      truncationDirection: job.truncationDirection,
      ...(job.dimensions === undefined ? {} : { dimensions: job.dimensions }),
      ...(job.promptName === undefined ? {} : { promptName: job.promptName }),
      signal: job.signal,
    };
    let work: Promise<EmbeddingResult>;
    if (job.input.kind === 'texts') {
      work = this.#service.embed({
        ...options,
        texts: job.input.texts,
        ...(job.model === undefined ? {} : { model: job.model }),
      });
    } else {
      work = this.#service.withModel(job.model, async (provider) => {
        const rows = await encodeJob(provider, job);
        return provider.embedEncoded(rows, options);
      });
    }
    const result = await raceAbort(work, job.signal);
    const totalMs = performance.now() - startedAt;
    const inferenceMs = result.timings.inferenceMs + result.timings.poolingMs;
    return {
      model: result.model,
      dimension: result.dimension,
      embeddings: result.embeddings,
      promptTokens: result.usage.promptTokens,
      timings: {
        queueMs: Math.max(0, totalMs - result.timings.tokenizeMs - inferenceMs),
        tokenizeMs: result.timings.tokenizeMs,
        inferenceMs,
        totalMs,
      },
    };
  }

  queueDepths(): Map<string, number> {
    return new Map();
  }
}
