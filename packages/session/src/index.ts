export { createSession } from './createSession.js';
export { createSessionPool } from './createSessionPool.js';
export type { BatchLimits } from './defaultBatchLimits.js';
export { defaultBatchLimits } from './defaultBatchLimits.js';
export type { ExecutionProviderInfo, SupportedBackend } from './executionProviders.js';
export { listExecutionProviders } from './executionProviders.js';
export { consoleLogger, silentLogger } from './logger.js';
export type { Parallelism, ParallelismInput } from './planParallelism.js';
export { planParallelism } from './planParallelism.js';
export type {
  ReplicaEvent,
  ReplicaLostEvent,
  ReplicaRestartedEvent,
  ReplicaRestartFailedEvent,
  ReplicaState,
  ReplicaStats,
  SessionPool,
  SessionPoolOptions,
  SessionPoolStats,
} from './sessionPoolTypes.js';
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
