import { type EmbedRequest, isAkidbError, type TruncationDirection, type Usage } from '@akidb/core';
import type { EmbedClient, EmbedResponse } from './embedClient.js';
import { batchSizeInvalid } from './errors.js';

/** How an {@link AkidbEmbedder} embeds. */
export interface AkidbEmbedderOptions {
  /** An in-process `EmbeddingService`, or {@link createHttpClient}'s client. */
  client: EmbedClient;
  /** Model id or alias; the service's default model when absent. */
  model?: string;
  /** Most texts per call to the client (default 128); longer lists are sent in chunks, in order. */
  batchSize?: number;
  /** Prompt used for queries when the model defines it (default `'query'`); `null` never sends one. */
  queryPromptName?: string | null;
  /** Prompt used for documents when the model defines it (default `'passage'`); `null` never sends one. */
  documentPromptName?: string | null;
  /** L2-normalise the vectors (default: the service's default, true). */
  normalize?: boolean;
  /** Matryoshka: keep the first `dimensions` components. */
  dimensions?: number;
  /** Cut texts longer than the model's limit (default true); when false they are an `INPUT_TOO_LONG` error. */
  truncate?: boolean;
  truncationDirection?: TruncationDirection;
  /**
   * Runs each call to the client, e.g. through a framework's retry and concurrency limiter (LangChain's
   * `AsyncCaller`). Default: calls it directly.
   */
  runCall?: <T>(call: () => Promise<T>) => Promise<T>;
}

/** What a text is for: it picks the prompt (`query` or `passage`) when the model defines one. */
export type EmbedRole = 'query' | 'document';

/** Per-call settings of an {@link AkidbEmbedder}. */
export interface EmbedCallOptions {
  signal?: AbortSignal;
  /** Overrides the embedder's `dimensions` for this call. */
  dimensions?: number;
}

/** Default number of texts per call. */
export const DEFAULT_BATCH_SIZE = 128;

/**
 * Embeds documents and queries the way retrieval wants them: each with the model's own prompt for that role
 * (`query` / `passage` in the model manifest) when the model defines one, and none when it does not, in
 * chunks of `batchSize` texts. Whether a model defines a prompt is learnt from the service itself: the first
 * call names the prompt, and an `INPUT_INVALID` answer naming that prompt is remembered, and the call is
 * repeated without it. The same logic serves the in-process service and a server over HTTP.
 *
 * @example
 * const embedder = new AkidbEmbedder({ client: createHttpClient({ baseUrl: 'http://127.0.0.1:8080' }) });
 * const { embeddings } = await embedder.embedQueries(['what is onnx?']);
 */
export class AkidbEmbedder {
  readonly #options: AkidbEmbedderOptions;
  readonly #batchSize: number;
  /** Prompt names the model turned out not to define. */
  readonly #undefinedPrompts = new Set<string>();

  constructor(options: AkidbEmbedderOptions) {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw batchSizeInvalid(options.batchSize);
    this.#options = options;
    this.#batchSize = batchSize;
  }

  /** The model this embedder asks for (`undefined` = the service's default). */
  get model(): string | undefined {
    return this.#options.model;
  }

  /** Most texts sent in one call. */
  get batchSize(): number {
    return this.#batchSize;
  }

  /** Embeds documents (passages to search in). */
  embedDocuments(texts: readonly string[], call: EmbedCallOptions = {}): Promise<EmbedResponse> {
    return this.embed(texts, 'document', call);
  }

  /** Embeds queries (what is searched for). */
  embedQueries(texts: readonly string[], call: EmbedCallOptions = {}): Promise<EmbedResponse> {
    return this.embed(texts, 'query', call);
  }

  /** Embeds texts in the given role: with that role's prompt when the model defines it. */
  async embed(
    texts: readonly string[],
    role: EmbedRole,
    call: EmbedCallOptions = {},
  ): Promise<EmbedResponse> {
    const promptName =
      role === 'query'
        ? promptFor(this.#options.queryPromptName, 'query')
        : promptFor(this.#options.documentPromptName, 'passage');
    const parts: EmbedResponse[] = [];
    for (let start = 0; start < texts.length; start += this.#batchSize) {
      parts.push(await this.#embedChunk(texts.slice(start, start + this.#batchSize), promptName, call));
    }
    return concat(parts, this.#options.model);
  }

  async #embedChunk(
    texts: readonly string[],
    promptName: string | null,
    call: EmbedCallOptions,
  ): Promise<EmbedResponse> {
    const { client, model, normalize, truncate, truncationDirection } = this.#options;
    const dimensions = call.dimensions ?? this.#options.dimensions;
    const signal = call.signal;
    const request: EmbedRequest = {
      texts,
      ...(model === undefined ? {} : { model }),
      ...(normalize === undefined ? {} : { normalize }),
      ...(dimensions === undefined ? {} : { dimensions }),
      ...(truncate === undefined ? {} : { truncate }),
      ...(truncationDirection === undefined ? {} : { truncationDirection }),
      ...(signal === undefined ? {} : { signal }),
    };
    const run: <T>(call: () => Promise<T>) => Promise<T> = this.#options.runCall ?? ((call) => call());
    if (promptName === null || this.#undefinedPrompts.has(promptName))
      return run(() => client.embed(request));
    try {
      return await run(() => client.embed({ ...request, promptName }));
    } catch (error) {
      if (!namesUndefinedPrompt(error, promptName)) throw error;
      this.#undefinedPrompts.add(promptName);
      return run(() => client.embed(request));
    }
  }
}

/** The caller's choice (a name, or `null` for none), else the conventional name. */
function promptFor(explicit: string | null | undefined, conventional: string): string | null {
  return explicit === undefined ? conventional : explicit;
}

/** The service's answer to a prompt name the model does not define (`INPUT_INVALID`, `details.promptName`). */
function namesUndefinedPrompt(error: unknown, promptName: string): boolean {
  return isAkidbError(error) && error.code === 'INPUT_INVALID' && error.details?.promptName === promptName;
}

function concat(parts: readonly EmbedResponse[], requested: string | undefined): EmbedResponse {
  const usage: Usage = { promptTokens: 0, totalTokens: 0 };
  for (const part of parts) {
    usage.promptTokens += part.usage.promptTokens;
    usage.totalTokens += part.usage.totalTokens;
  }
  const first = parts[0];
  return {
    model: first?.model ?? requested ?? '',
    dimension: first?.dimension ?? 0,
    embeddings: parts.flatMap((part) => part.embeddings),
    usage,
  };
}
