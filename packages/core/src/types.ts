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
  normalize?: boolean;
  /** Truncate inputs longer than the model's max tokens (default true); when false they are an error. */
  truncate?: boolean;
  /** Which end to cut when truncating (default `'right'`). */
  truncationDirection?: TruncationDirection;
  /** Matryoshka: keep the first `dimensions` components, then renormalise. */
  dimensions?: number;
  /** A literal prefix prepended to every text (e.g. `'query: '`). */
  prompt?: string;
  /** The name of a prompt from the model manifest (e.g. `'query'`); ignored when `prompt` is set. */
  promptName?: string;
  /** Abandon the work when aborted (e.g. the HTTP client went away). */
  signal?: AbortSignal;
}

/** Where time went in one embedding call, in milliseconds. */
export interface EmbedTimings {
  tokenizeMs: number;
  inferenceMs: number;
  poolingMs: number;
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
  /** Embed texts; vectors come back in input order. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<EmbeddingResult>;
  /** Tokenize texts (prompt applied, truncation as in `options`), e.g. to size batches. */
  encode(texts: readonly string[], options?: EmbedOptions): Promise<EncodedText[]>;
  /** Embed already-encoded texts; lets a batcher tokenize on arrival and infer later. */
  embedEncoded(inputs: readonly EncodedText[], options?: EmbedOptions): Promise<EmbeddingResult>;
  modelInfo(): ModelInfo;
  /** The vocabulary string of a token id (e.g. `'[CLS]'`), or `undefined` when the id is out of range. */
  idToToken(id: number): string | undefined;
  healthCheck(): Promise<HealthStatus>;
  /** Release native resources. Further calls fail with `DISPOSED`. */
  dispose(): Promise<void>;
}
