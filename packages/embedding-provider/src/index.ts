export type {
  AkidbErrorOptions,
  EmbeddingProvider,
  EmbeddingResult,
  EmbedInput,
  EmbedOptions,
  EmbedRequest,
  EmbedTimings,
  EncodedText,
  ErrorCode,
  HealthStatus,
  ModelInfo,
  ModelState,
  ModelSummary,
  PaddingSide,
  PoolingStrategy,
  TruncationDirection,
  Usage,
} from '@akidb/core';
export { AkidbError, ERROR_CODES, isAkidbError, modelDirectory, resolveAkidbHome } from '@akidb/core';
export { cosineSimilarity } from '@akidb/pooling';
export type { ModelManifest } from '@akidb/registry';
export type { ExecutionProviderSpec, SessionOptions, SessionPoolStats } from '@akidb/session';
export type { BatchReport } from './batchScheduler.js';
export { createEmbeddingService } from './createEmbeddingService.js';
export type { LoadProviderOptions } from './loadOnnxEmbeddingProvider.js';
export { DEFAULT_BATCHING, loadOnnxEmbeddingProvider } from './loadOnnxEmbeddingProvider.js';
export type { ParallelismSettings } from './modelParallelism.js';
export { modelParallelism } from './modelParallelism.js';
export type { BatchingSettings, OnnxPipelineParts } from './onnxEmbeddingProvider.js';
export { OnnxEmbeddingProvider } from './onnxEmbeddingProvider.js';
export type {
  CacheEventInfo,
  DecodeRequest,
  DecodeResult,
  EmbeddingService,
  EmbeddingServiceOptions,
  ServiceCacheStats,
  ServiceSessionOptions,
  TokenizedText,
  TokenizeRequest,
  TokenizeResult,
} from './serviceTypes.js';
export type { InputLimits } from './validateTexts.js';
