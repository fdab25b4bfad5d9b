import type { TruncationDirection } from '@akidb/core';

/** What to embed: texts, or token ids the caller already has (OpenAI's token-array input). */
export type EmbedInput =
  | { readonly kind: 'texts'; readonly texts: readonly string[] }
  | { readonly kind: 'tokens'; readonly ids: readonly (readonly number[])[] };

/** One embedding request, as every route hands it to the {@link Embedder}. */
export interface EmbedJob {
  /** Model id or alias; the default model when undefined. */
  readonly model: string | undefined;
  readonly input: EmbedInput;
  readonly normalize: boolean;
  readonly truncate: boolean;
  readonly truncationDirection: TruncationDirection;
  readonly promptName: string | undefined;
  readonly dimensions: number | undefined;
  /** Aborts when the client goes away or the request deadline passes. */
  readonly signal: AbortSignal;
}

/** Where the time of one request went, in milliseconds. */
export interface RequestTimings {
  /** Everything that was not tokenizing or inference: waiting for a batch slot, loading the model. */
  queueMs: number;
  tokenizeMs: number;
  inferenceMs: number;
  totalMs: number;
}

/** The vectors of one request, in input order. */
export interface EmbedOutcome {
  /** Canonical id of the model that produced the vectors. */
  model: string;
  dimension: number;
  embeddings: Float32Array[];
  /** Tokens fed to the model (special tokens included, after truncation). */
  promptTokens: number;
  timings: RequestTimings;
}

/** Turns requests into vectors: with dynamic batching, or one service call per request. */
export interface Embedder {
  /** True when requests are coalesced into batches. */
  readonly batching: boolean;
  embed(job: EmbedJob): Promise<EmbedOutcome>;
  /** Texts waiting per model (always empty without batching). */
  queueDepths(): Map<string, number>;
}
