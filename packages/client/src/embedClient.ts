import type { EmbeddingResult, EmbedRequest } from '@akidb/core';

/** The vectors of one request, in input order: an `EmbeddingResult` without the service's stage timings. */
export type EmbedResponse = Pick<EmbeddingResult, 'model' | 'dimension' | 'embeddings' | 'usage'>;

/**
 * Anything that embeds: an in-process `EmbeddingService` from `@akidb/embedding-provider` is one as it is,
 * and {@link createHttpClient} makes one that talks to an AkiDB server. The request is `@akidb/core`'s
 * `EmbedRequest`, the same for the library, the CLI and every server route.
 */
export interface EmbedClient {
  embed(request: EmbedRequest): Promise<EmbedResponse>;
}
