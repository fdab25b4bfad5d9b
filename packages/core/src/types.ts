/** How token vectors are reduced to one sentence vector. */
export type PoolingStrategy = 'mean' | 'cls' | 'last' | 'max';

/** Which end of a too-long input is cut off. */
export type TruncationDirection = 'left' | 'right';

/** Which side padding goes on in a batch. */
export type PaddingSide = 'left' | 'right';

/** Token accounting, as in the OpenAI embeddings API. */
export interface Usage {
  promptTokens: number;
  totalTokens: number;
}

/** Options for one embedding call. */
export interface EmbedOptions {
  /** L2-normalise each vector (default true). */
  normalize?: boolean | undefined;
  /** Truncate inputs longer than the model's max tokens (default true); when false they are an error. */
  truncate?: boolean | undefined;
  /** Which end to cut when truncating (default `'right'`). */
  truncationDirection?: TruncationDirection | undefined;
  /** Matryoshka: keep the first `dimensions` components, then renormalise. */
  dimensions?: number | undefined;
  /** A literal prefix prepended to every text (e.g. `'query: '`). */
  prompt?: string | undefined;
  /** The name of a prompt from the model manifest (e.g. `'query'`); ignored when `prompt` is set. */
  promptName?: string | undefined;
  /** Abandon the work when aborted (e.g. the HTTP client went away). */
  signal?: AbortSignal | undefined;
}

/** Where time went in one embedding call, in milliseconds. */
export interface EmbedTimings {
  /** Waiting for a batch slot (other requests' inference, a model load). */
  queueMs: number;
  tokenizeMs: number;
  /** Inference of the batches that carried this call's texts. */
  inferenceMs: number;
  poolingMs: number;
  /** The whole call. */
  totalMs: number;
}

/** The result of embedding a list of texts, in input order. */
export interface EmbeddingResult {
  /** The model id that produced the vectors. */
  model: string;
  /** Length of every vector (after `dimensions`). */
  dimension: number;
  embeddings: Float32Array[];
  usage: Usage;
  timings: EmbedTimings;
}

/** One tokenized input, ready to be batched. */
export interface EncodedText {
  /** Token ids, special tokens included, already truncated. */
  readonly ids: Int32Array;
  /** Number of tokens (equals `ids.length`). */
  readonly tokenCount: number;
}

/** What a loaded model is and how it runs. */
export interface ModelInfo {
  id: string;
  dimension: number;
  maxTokens: number;
  pooling: PoolingStrategy;
  /** Execution provider actually in use (`'cpu'`, `'cuda'`, ...). */
  executionProvider: string;
  /** Largest batch one inference call takes. */
  maxBatchSize: number;
  /** Most padded tokens (longest row x rows) one inference call takes. */
  maxBatchTokens: number;
  /** Session replicas (each its own worker thread and ONNX Runtime session). */
  replicas: number;
  /** ONNX Runtime intra-op threads per replica. */
  threads: number;
  /** Named prompts (prefixes) the model was trained with, e.g. `{ query: 'query: ' }`. */
  prompts: Record<string, string>;
  /** Approximate resident memory of the loaded model, in bytes. */
  memoryBytes: number;
  /** Number of token ids the tokenizer knows (added tokens included); valid ids are `0..vocabSize-1`. */
  vocabSize: number;
  /**
   * Matryoshka sizes the model was trained for (ascending), besides its full `dimension`; `null` allows
   * any `dimensions` from 1 to `dimension`.
   */
  matryoshkaDimensions: readonly number[] | null;
}

/** What to embed: texts, or token ids the caller already has (OpenAI's token-array input). */
export type EmbedInput = readonly string[] | { readonly tokenIds: readonly (readonly number[])[] };

/**
 * One embedding request, the same for the library, the CLI and every server route: a model (the
 * default when absent), texts or token ids, and the {@link EmbedOptions}.
 */
export interface EmbedRequest extends EmbedOptions {
  model?: string | undefined;
  /** Texts to embed; give either `texts` or `tokenIds`. */
  texts?: readonly string[] | undefined;
  /** Token ids, used as given (special tokens included); give either `texts` or `tokenIds`. */
  tokenIds?: readonly (readonly number[])[] | undefined;
}

/** Whether a catalog model can be used: on disk, fetchable on demand, or not at all (see `reason`). */
export type ModelState = 'installed' | 'downloadable' | 'unavailable';

/** A model as listed by the registry, router, service and server: one shape everywhere. */
export interface ModelSummary {
  /** Canonical id. */
  id: string;
  aliases: readonly string[];
  state: ModelState;
  /** Why the model is `unavailable`. */
  reason?: string | undefined;
  dimension: number;
  maxTokens: number;
  pooling: PoolingStrategy;
  /** Expected resident memory once loaded (every replica), in bytes. */
  memoryBytes: number;
  loaded: boolean;
  isDefault: boolean;
  /** Execution provider actually running the model (`'cpu'`, `'cuda'`, ...); absent when not loaded. */
  executionProvider?: string | undefined;
}

/** Result of a provider health check. */
export interface HealthStatus {
  ok: boolean;
  model: string;
  /** Round-trip of a one-token embedding, in milliseconds. */
  latencyMs: number;
  error?: string;
}

/**
 * Anything that turns texts into vectors. The ONNX pipeline implements it; the model cache and
 * router are generic over it.
 */
export interface EmbeddingProvider {
  readonly id: string;
  /**
   * Embed texts (or token ids, `input.tokenIds`); vectors come back in input order. Concurrent calls
   * may share inference batches.
   */
  embed(input: EmbedInput, options?: EmbedOptions): Promise<EmbeddingResult>;
  /** Tokenize texts as `embed` would (prompt applied, truncation as in `options`). */
  tokenize(texts: readonly string[], options?: EmbedOptions): Promise<EncodedText[]>;
  /** Token ids back to text. */
  decode(ids: ArrayLike<number>, options?: { skipSpecialTokens?: boolean }): string;
  modelInfo(): ModelInfo;
  /** The vocabulary string of a token id (e.g. `'[CLS]'`), or `undefined` when the id is out of range. */
  idToToken(id: number): string | undefined;
  healthCheck(): Promise<HealthStatus>;
  /** Release native resources. Further calls fail with `DISPOSED`. */
  dispose(): Promise<void>;
}
