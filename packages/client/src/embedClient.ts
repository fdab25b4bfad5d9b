import type { EmbedOptions, Usage } from '@akidb/core';

/** One embedding request: the texts, the {@link EmbedOptions}, and `model` (the default model when absent). */
export interface EmbedRequest extends EmbedOptions {
  model?: string;
  texts: readonly string[];
}

/** The vectors of one request, in input order. */
export interface EmbedResponse {
  /** Canonical id of the model that produced the vectors. */
  model: string;
  /** Length of every vector. */
  dimension: number;
  embeddings: Float32Array[];
  usage: Usage;
}

/**
 * Anything that embeds texts: an in-process `EmbeddingService` from `@akidb/embedding-provider` is one
 * as it is, and {@link createHttpClient} makes one that talks to an AkiDB server.
 */
export interface EmbedClient {
  embed(request: EmbedRequest): Promise<EmbedResponse>;
}
