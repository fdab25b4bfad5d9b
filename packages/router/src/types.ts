import type { EmbeddingProvider, EmbeddingResult, EmbedRequest, ModelSummary } from '@akidb/core';

/** What the catalog tells the router about each model: a {@link ModelSummary} minus live state. */
export type CatalogEntry = Omit<ModelSummary, 'loaded' | 'isDefault' | 'executionProvider'>;

/** The models the router may route to (the registry satisfies it). */
export interface ModelCatalog {
  /**
   * The canonical id for an id or alias; the catalog's default when `idOrAlias` is absent. Returns
   * `undefined` or throws `MODEL_NOT_FOUND` for an unknown model.
   */
  resolveId(idOrAlias?: string): string | undefined;
  list(): readonly CatalogEntry[];
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
  /** The provider of a loaded model, without leasing it (for listings); `undefined` when not loaded. */
  peek?(id: string): P | undefined;
}

/** Options of {@link createRouter}. */
export interface RouterOptions<P extends EmbeddingProvider> {
  catalog: ModelCatalog;
  pool: ProviderPool<P>;
  /** Id or alias used when a request names no model (default: the catalog's default). */
  defaultModel?: string;
}

/** Options of {@link EmbeddingRouter.withModel}. */
export interface WithModelOptions {
  /** Stop waiting for the model to load. */
  signal?: AbortSignal;
}

/** Routes requests to the right model: resolve the id, lease the provider, run, release. */
export interface EmbeddingRouter<P extends EmbeddingProvider> {
  /**
   * Embeds the request's texts (or token ids) with the model leased once for the whole call; the
   * result's `model` is the canonical id used.
   */
  embed(request: EmbedRequest): Promise<EmbeddingResult>;
  /** Runs `fn` with the model's provider held loaded; releases it however `fn` ends. */
  withModel<T>(
    model: string | undefined,
    fn: (provider: P, id: string) => Promise<T>,
    options?: WithModelOptions,
  ): Promise<T>;
  /** Canonical id for an id or alias (the default model when absent); throws `MODEL_NOT_FOUND`. */
  resolveModelId(model?: string): string;
  /** Every catalog model, with `loaded` (and the execution provider of a loaded one) from the pool. */
  listModels(): ModelSummary[];
}
