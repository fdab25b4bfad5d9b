export { createSession } from './createSession.js';
export type { BatchLimits } from './defaultBatchLimits.js';
export { defaultBatchLimits } from './defaultBatchLimits.js';
export type { ExecutionProviderInfo, SupportedBackend } from './executionProviders.js';
export { listExecutionProviders } from './executionProviders.js';
export { consoleLogger, silentLogger } from './logger.js';
export type {
  CoreMlProviderSpec,
  CudaProviderSpec,
  EncoderInput,
  EncoderOutput,
  ExecutionProviderSpec,
  GraphOptimizationLevel,
  IdArray,
  KnownExecutionProvider,
  OnnxSession,
  OptimizedModelCacheUse,
  OtherProviderSpec,
  OutputKind,
  ProviderAttempt,
  ResolvedSessionSettings,
  SessionFeeds,
  SessionLogger,
  SessionOptions,
  SessionResults,
  SessionThread,
  TensorRtProviderSpec,
  ValueMetadata,
  WebGpuBufferCacheMode,
  WebGpuProviderSpec,
} from './types.js';
