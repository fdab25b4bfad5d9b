import type {
  EmbeddingResult,
  EmbedRequest,
  ModelInfo,
  ModelSummary,
  TruncationDirection,
} from '@akidb/core';
import type { EmbeddingCacheOptions, EmbeddingCacheStats } from '@akidb/embedding-cache';
import type { SessionPoolStats } from '@akidb/session';
import type { BatchReport } from './batchScheduler.js';
import type { BatchingSettings } from './onnxEmbeddingProvider.js';
import type { InputLimits } from './validateTexts.js';

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
  /** How concurrent requests are batched, per model (defaults: 32 rows, 16384 padded tokens, 8192 queued texts). */
  batching?: Partial<BatchingSettings>;
  /** Request-size limits checked before any model work (default: unlimited). */
  limits?: InputLimits;
  /**
   * Session replicas per model, each its own worker thread and ONNX Runtime session (default: from the
   * core count and the model's size, see `planParallelism`). The memory budget counts every replica.
   */
  replicas?: number;
  /**
   * CPU cores to plan replicas x threads for (default `os.availableParallelism()`); set it to a
   * container's CPU quota, which Node cannot see.
   */
  cores?: number;
  /** ONNX Runtime settings applied to every model. */
  session?: ServiceSessionOptions;
  /** Observes cache activity (hits, misses, loads, evictions), e.g. for Prometheus. */
  onCacheEvent?: (event: CacheEventInfo) => void;
  /**
   * Cache computed embeddings (off by default): an in-memory LRU under `maxMemoryBytes`, optionally an
   * LMDB store on disk (`store.path`). Keys carry the model's file fingerprint, the options that change
   * the vector and the text; only texts that miss are batched.
   */
  embeddingCache?: EmbeddingCacheOptions;
  /** Observes every inference batch of every model, e.g. for Prometheus. */
  onBatch?: (report: BatchReport) => void;
}

/** ONNX Runtime settings shared by every model the service loads. */
export interface ServiceSessionOptions {
  executionProviders?: readonly string[];
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Intra-op threads spin-wait for work between runs (ONNX Runtime's default, on, when unset). */
  allowSpinning?: boolean;
}

/** One cache event, flattened for metrics. */
export interface CacheEventInfo {
  type: 'hit' | 'miss' | 'load' | 'load_error' | 'evict' | 'dispose';
  model: string;
  durationMs?: number;
  bytes?: number;
  reason?: string;
}

/** A tokenize request: texts tokenized exactly as `embed` would tokenize them. */
export interface TokenizeRequest {
  model?: string | undefined;
  texts: readonly string[];
  truncate?: boolean | undefined;
  truncationDirection?: TruncationDirection | undefined;
  prompt?: string | undefined;
  promptName?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** One tokenized text. */
export interface TokenizedText {
  ids: number[];
  /** The vocabulary string of each id. */
  tokens: string[];
  tokenCount: number;
}

/** The result of {@link EmbeddingService.tokenize}. */
export interface TokenizeResult {
  /** Canonical id of the model whose tokenizer was used. */
  model: string;
  results: TokenizedText[];
  usage: { promptTokens: number; totalTokens: number };
}

/** A decode request: token ids back to text. */
export interface DecodeRequest {
  model?: string | undefined;
  ids: readonly (readonly number[])[];
  skipSpecialTokens?: boolean | undefined;
}

/** The result of {@link EmbeddingService.decode}. */
export interface DecodeResult {
  model: string;
  texts: string[];
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

/** Many models behind one API: registry + model store + LRU cache + router + per-model batching. */
export interface EmbeddingService {
  /**
   * Embeds with the requested (or default) model, loading it on demand: the one path for the server,
   * the CLI and library users. The model is resolved and leased once; texts are validated and
   * tokenized once; concurrent calls for the same model share inference batches.
   */
  embed(request: EmbedRequest): Promise<EmbeddingResult>;
  /** Tokenizes as `embed` would (prompt and truncation applied). */
  tokenize(request: TokenizeRequest): Promise<TokenizeResult>;
  /** Token ids back to text, with the model's tokenizer. */
  decode(request: DecodeRequest): Promise<DecodeResult>;
  /** What a model is and how it runs (loads it). */
  modelInfo(model?: string): Promise<ModelInfo>;
  /** Canonical id for an id or alias; the default model when absent. Throws `MODEL_NOT_FOUND`. */
  resolveModelId(model?: string): string;
  /** The default model's id. */
  readonly defaultModel: string;
  listModels(): ModelSummary[];
  /** Loads models ahead of traffic. */
  preload(models: readonly string[]): Promise<void>;
  isLoaded(model: string): boolean;
  /** Downloads and verifies a model's files (progress on stderr); resolves to the model directory. */
  pull(model: string, options?: { signal?: AbortSignal; progress?: boolean }): Promise<string>;
  cacheStats(): ServiceCacheStats;
  /** Embedding-cache counters (hits, misses, bytes, ...), or `undefined` when no cache is configured. */
  embeddingCacheStats(): EmbeddingCacheStats | undefined;
  /** Texts waiting for a batch, per loaded model. */
  queueDepths(): Map<string, number>;
  /** Session replicas of each loaded model: alive, restarting, runs in flight, restarts (for metrics). */
  replicaStats(): Map<string, SessionPoolStats>;
  /**
   * Fault injection for chaos tests and drills: ends replica `index` of a loaded model as a crash
   * would. Accepted requests are retried on another replica; the replica restarts in the background.
   * Resolves `false` when the model is not loaded or the replica was not live.
   */
  terminateReplica(model: string, index: number): Promise<boolean>;
  /** Calls `listener` after every inference batch of every model; returns the unsubscribe function. */
  onBatch(listener: (report: BatchReport) => void): () => void;
  /** Waits for in-flight work, then releases every model. */
  close(): Promise<void>;
}
