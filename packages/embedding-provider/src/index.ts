export type {
  AkidbErrorOptions,
  EmbeddingProvider,
  EmbeddingResult,
  EmbedOptions,
  EmbedTimings,
  EncodedText,
  ErrorCode,
  HealthStatus,
  ModelInfo,
  PaddingSide,
  PoolingStrategy,
  TruncationDirection,
  Usage,
} from '@akidb/core';
export { AkidbError, ERROR_CODES, isAkidbError, modelDirectory, resolveAkidbHome } from '@akidb/core';
export { cosineSimilarity } from '@akidb/pooling';
export type { ModelManifest } from '@akidb/registry';
export type { ExecutionProviderSpec, SessionOptions } from '@akidb/session';
export type { OutputOptions } from './applyOutputOptions.js';
export { applyOutputOptions, checkDimensions } from './applyOutputOptions.js';
export type { PlannedBatch } from './batchPlan.js';
export { paddedTokenCount, planBatches } from './batchPlan.js';
export type { ModelDimensions } from './checkModelDimensions.js';
export { checkModelDimensions } from './checkModelDimensions.js';
export { createEmbeddingService } from './createEmbeddingService.js';
export type { LoadProviderOptions } from './loadOnnxEmbeddingProvider.js';
export { loadOnnxEmbeddingProvider } from './loadOnnxEmbeddingProvider.js';
export type { OnnxPipelineParts } from './onnxEmbeddingProvider.js';
export { OnnxEmbeddingProvider } from './onnxEmbeddingProvider.js';
export type {
  CacheEventInfo,
  EmbeddingService,
  EmbeddingServiceOptions,
  ServiceCacheStats,
  ServiceEmbedRequest,
  ServiceModelSummary,
  ServiceSessionOptions,
} from './serviceTypes.js';
export { validateTexts } from './validateTexts.js';
