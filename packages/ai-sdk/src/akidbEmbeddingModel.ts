import {
  type EmbeddingModelV3,
  type EmbeddingModelV3CallOptions,
  type EmbeddingModelV3Result,
  TooManyEmbeddingValuesForCallError,
} from '@ai-sdk/provider';
import type { AkidbEmbedder, EmbedRole } from '@akidb/client';
import { parseAkidbOptions } from './parseAkidbOptions.js';

/** The provider name the AI SDK logs and keys `providerOptions` and `providerMetadata` by. */
export const PROVIDER_NAME = 'akidb';

/**
 * One AkiDB model as an AI SDK embedding model (specification v3, what `ai` 6 calls). `embedMany` splits
 * long lists into calls of `maxEmbeddingsPerCall` values and may run them in parallel: the server (or the
 * in-process service) batches them together again. Per-call `headers` are not used (the AI SDK always sends
 * a user agent there); authentication is the provider's `apiKey`.
 */
export class AkidbEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider: string = PROVIDER_NAME;
  readonly modelId: string;
  readonly maxEmbeddingsPerCall: number;
  readonly supportsParallelCalls: boolean = true;
  readonly #embedder: AkidbEmbedder;
  readonly #inputType: EmbedRole;

  constructor(modelId: string, embedder: AkidbEmbedder, inputType: EmbedRole) {
    this.modelId = modelId;
    this.#embedder = embedder;
    this.#inputType = inputType;
    this.maxEmbeddingsPerCall = embedder.batchSize;
  }

  async doEmbed(options: EmbeddingModelV3CallOptions): Promise<EmbeddingModelV3Result> {
    if (options.values.length > this.maxEmbeddingsPerCall) {
      throw new TooManyEmbeddingValuesForCallError({
        provider: this.provider,
        modelId: this.modelId,
        maxEmbeddingsPerCall: this.maxEmbeddingsPerCall,
        values: options.values,
      });
    }
    const akidb = parseAkidbOptions(options.providerOptions);
    const result = await this.#embedder.embed(options.values, akidb.inputType ?? this.#inputType, {
      ...(options.abortSignal ? { signal: options.abortSignal } : {}),
      ...(akidb.dimensions === undefined ? {} : { dimensions: akidb.dimensions }),
    });
    return {
      embeddings: result.embeddings.map((vector) => Array.from(vector)),
      usage: { tokens: result.usage.promptTokens },
      providerMetadata: { [PROVIDER_NAME]: { model: result.model, dimension: result.dimension } },
      warnings: [],
    };
  }
}
