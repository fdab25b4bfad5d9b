import type {
  EmbeddingProvider,
  EmbeddingResult,
  EmbedOptions,
  EncodedText,
  PoolingStrategy,
} from '@akidb/core';

/** Whether a catalog model can be used: on disk, fetchable on demand, or not at all (see `reason`). */
export type ModelState = 'installed' | 'downloadable' | 'unavailable';

/** What the catalog must tell the router about each model. */
export interface ModelSummary {
  /** Canonical id. */
  id: string;
  aliases: readonly string[];
  state: ModelState;
  dimension: number;
  maxTokens: number;
  pooling: PoolingStrategy;
  /** Expected resident memory once loaded, in bytes. */
  memoryBytes: number;
  /** Why the model is `unavailable`. */
  reason?: string | undefined;
}

/** The models the router may route to (the registry satisfies it). */
export interface ModelCatalog {
  /**
   * The canonical id for an id or alias; the catalog's default when `idOrAlias` is absent. Returns
   * `undefined` or throws `MODEL_NOT_FOUND` for an unknown model.
   */
  resolveId(idOrAlias?: string): string | undefined;
  list(): readonly ModelSummary[];
}

/** A provider held loaded until `release()`. */
export interface ProviderLease<P extends EmbeddingProvider> {
  readonly provider: P;
  release(): void;
}

/** Options of {@link ProviderPool.acquire}. */
export interface PoolAcquireOptions {
  signal?: AbortSignal;
}

/** Where loaded providers come from (the model cache satisfies it). */
export interface ProviderPool<P extends EmbeddingProvider> {
  /** Leases the model with canonical id `id`, loading it if needed. */
  acquire(id: string, options?: PoolAcquireOptions): Promise<ProviderLease<P>>;
  isLoaded(id: string): boolean;
}

/** Options of {@link createRouter}. */
export interface RouterOptions<P extends EmbeddingProvider> {
  catalog: ModelCatalog;
  pool: ProviderPool<P>;
  /** Id or alias used when a request names no model (default: the catalog's default). */
  defaultModel?: string;
}

/** A request naming its model (default when absent) and its texts. */
export interface EmbedRequest extends EmbedOptions {
  model?: string;
  texts: readonly string[];
}

/** Tokenized texts and the canonical id of the model that tokenized them. */
export interface EncodeResult {
  model: string;
  encoded: EncodedText[];
}

/** Token ids as plain arrays (e.g. for a `/tokenize` response). */
export interface TokenizeResult {
  model: string;
  tokens: number[][];
  totalTokens: number;
}

/** A catalog model with whether it is loaded now and whether it is the default. */
export interface RoutedModelSummary extends ModelSummary {
  loaded: boolean;
  isDefault: boolean;
}

/** Options of {@link EmbeddingRouter.withModel}. */
export interface WithModelOptions {
  /** Stop waiting for the model to load. */
  signal?: AbortSignal;
}

/** Routes requests to the right model: resolve the id, lease the provider, run, release. */
export interface EmbeddingRouter<P extends EmbeddingProvider> {
  /** Embeds `texts`; the result's `model` is the canonical id used. */
  embed(request: EmbedRequest): Promise<EmbeddingResult>;
  /** Tokenizes `texts` as the model would before embedding. */
  encode(request: EmbedRequest): Promise<EncodeResult>;
  /** Like `encode`, with token ids as plain number arrays. */
  tokenize(request: EmbedRequest): Promise<TokenizeResult>;
  /** Runs `fn` with the model's provider held loaded; releases it however `fn` ends. */
  withModel<T>(
    model: string | undefined,
    fn: (provider: P, id: string) => Promise<T>,
    options?: WithModelOptions,
  ): Promise<T>;
  /** Canonical id for an id or alias (the default model when absent); throws `MODEL_NOT_FOUND`. */
  resolveModelId(model?: string): string;
  /** Every catalog model, with `loaded` from the pool. */
  listModels(): RoutedModelSummary[];
}
