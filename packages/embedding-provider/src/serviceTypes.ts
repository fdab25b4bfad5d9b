import type { EmbeddingProvider, EmbeddingResult, EmbedOptions, PoolingStrategy } from '@akidb/core';

/** Options of the multi-model facade. */
export interface EmbeddingServiceOptions {
  /** Directories of model manifests (`*.json`), e.g. the repo's `models/`. Installed models are always found. */
  manifestsDirs?: readonly string[];
  /** Model home; default `$AKIDB_HOME` or `~/.cache/akidb`. */
  home?: string;
  /** Model used when a request names none; default `all-minilm-l6-v2`. */
  defaultModel?: string;
  /** At most this many models loaded at once. */
  maxModels?: number;
  /** Memory budget for loaded models, in MB. */
  memoryBudgetMB?: number;
  /** Keep the default model loaded whatever the budget pressure (default true). */
  pinDefault?: boolean;
  /** Unload models unused for this long. */
  idleTtlMs?: number;
  /** Never touch the network (default: `HF_HUB_OFFLINE`/`AKIDB_OFFLINE`). */
  offline?: boolean;
  /** Hub endpoint for downloadable models (default `HF_ENDPOINT` or the public Hub). */
  hubEndpoint?: string;
  /** Largest batch one inference call takes (default 32). */
  maxBatchSize?: number;
  /** ONNX Runtime settings applied to every model. */
  session?: ServiceSessionOptions;
  /** Observes cache activity (hits, misses, loads, evictions), e.g. for Prometheus. */
  onCacheEvent?: (event: CacheEventInfo) => void;
}

/** ONNX Runtime settings shared by every model the service loads. */
export interface ServiceSessionOptions {
  executionProviders?: readonly string[];
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

/** One cache event, flattened for metrics. */
export interface CacheEventInfo {
  type: 'hit' | 'miss' | 'load' | 'load_error' | 'evict' | 'dispose';
  model: string;
  durationMs?: number;
  bytes?: number;
  reason?: string;
}

/** A model as listed by the service. */
export interface ServiceModelSummary {
  id: string;
  aliases: readonly string[];
  state: 'installed' | 'downloadable' | 'unavailable';
  reason?: string;
  dimension: number;
  maxTokens: number;
  pooling: PoolingStrategy;
  memoryBytes: number;
  loaded: boolean;
  isDefault: boolean;
}

/** An embedding request to the facade: `model` picks the model (default when absent). */
export interface ServiceEmbedRequest extends EmbedOptions {
  model?: string;
  texts: readonly string[];
}

/** Cache counters and what is loaded now. */
export interface ServiceCacheStats {
  hits: number;
  misses: number;
  loads: number;
  loadFailures: number;
  evictions: number;
  bytes: number;
  drainingBytes: number;
  loaded: readonly string[];
}

/** Many models behind one API: registry + model store + LRU cache + router. */
export interface EmbeddingService {
  /** Embeds with the requested (or default) model, loading it on demand. */
  embed(request: ServiceEmbedRequest): Promise<EmbeddingResult>;
  /** Runs `fn` with the provider of `model` held loaded (not evicted) for its duration. */
  withModel<T>(
    model: string | undefined,
    fn: (provider: EmbeddingProvider, id: string) => Promise<T>,
  ): Promise<T>;
  /** Canonical id for an id or alias; the default model when absent. Throws `MODEL_NOT_FOUND`. */
  resolveModelId(model?: string): string;
  /** The default model's id. */
  readonly defaultModel: string;
  listModels(): ServiceModelSummary[];
  /** Loads models ahead of traffic. */
  preload(models: readonly string[]): Promise<void>;
  isLoaded(model: string): boolean;
  /** Downloads and verifies a model's files (progress on stderr); resolves to the model directory. */
  pull(model: string, options?: { signal?: AbortSignal; progress?: boolean }): Promise<string>;
  cacheStats(): ServiceCacheStats;
  /** Waits for in-flight work, then releases every model. */
  close(): Promise<void>;
}
