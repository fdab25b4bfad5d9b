import {
  AkidbEmbedder,
  type AkidbEmbedderOptions,
  createHttpClient,
  type EmbedClient,
  isRetryable,
} from '@akidb/client';
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';

/** Where the vectors come from: an in-process service, or a server over HTTP. */
export type AkidbEmbeddingsSource =
  | {
      /** An in-process `EmbeddingService` (from `@akidb/embedding-provider`), or any {@link EmbedClient}. */
      client: EmbedClient;
    }
  | {
      /** An AkiDB server's base URL, e.g. `http://127.0.0.1:8080`. */
      baseUrl: string | URL;
      /** Sent as `Authorization: Bearer <apiKey>`. */
      apiKey?: string;
    };

/** Options of {@link AkidbEmbeddings}: the source, how to embed, and LangChain's retry/concurrency settings. */
export type AkidbEmbeddingsParams = AkidbEmbeddingsSource &
  Omit<AkidbEmbedderOptions, 'client' | 'runCall'> &
  EmbeddingsParams;

/**
 * LangChain.js `Embeddings` backed by AkiDB. Documents and queries each get the model's prompt for their role
 * (`passage` / `query`) when the model defines one; lists are sent in chunks of `batchSize` texts, each chunk
 * through LangChain's `AsyncCaller` (retries on `OVERLOADED` and network failures only).
 *
 * @example
 * const embeddings = new AkidbEmbeddings({ baseUrl: 'http://127.0.0.1:8080', model: 'all-minilm-l6-v2' });
 * const store = await MemoryVectorStore.fromTexts(['a cat', 'a car'], [{}, {}], embeddings);
 */
export class AkidbEmbeddings extends Embeddings {
  readonly #embedder: AkidbEmbedder;

  constructor(params: AkidbEmbeddingsParams) {
    const { maxConcurrency, maxRetries, onFailedAttempt, ...options } = params;
    super({
      onFailedAttempt: onFailedAttempt ?? failFastOnAkidbErrors,
      ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
      ...(maxRetries === undefined ? {} : { maxRetries }),
    });
    const { client, ...embedderOptions } = withClient(options);
    this.#embedder = new AkidbEmbedder({
      ...embedderOptions,
      client,
      runCall: (call) => this.caller.call(call),
    });
  }

  /** The model asked for (`undefined` = the service's default). */
  get model(): string | undefined {
    return this.#embedder.model;
  }

  override async embedDocuments(documents: string[]): Promise<number[][]> {
    if (documents.length === 0) return [];
    const { embeddings } = await this.#embedder.embedDocuments(documents);
    return embeddings.map((vector) => Array.from(vector));
  }

  override async embedQuery(document: string): Promise<number[]> {
    const { embeddings } = await this.#embedder.embedQueries([document]);
    return Array.from(embeddings[0] ?? []);
  }
}

/** LangChain's retry hook: only failures another attempt could fix are retried (see `isRetryable`). */
function failFastOnAkidbErrors(error: unknown): void {
  if (!isRetryable(error)) throw error;
}

/** The embedder options with the source turned into a client. */
function withClient(
  options: AkidbEmbeddingsSource & Omit<AkidbEmbedderOptions, 'client' | 'runCall'>,
): Omit<AkidbEmbedderOptions, 'runCall'> {
  if ('client' in options) return options;
  const { baseUrl, apiKey, ...rest } = options;
  return { ...rest, client: createHttpClient(apiKey === undefined ? { baseUrl } : { baseUrl, apiKey }) };
}
