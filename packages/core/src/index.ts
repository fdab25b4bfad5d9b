export { modelDirectory, resolveAkidbHome } from './akidbHome.js';
export type { AkidbErrorOptions, ErrorCode } from './errors.js';
export { AkidbError, ERROR_CODES, isAkidbError, modelLoadFailure } from './errors.js';
export type {
  EmbeddingPrecision,
  EmbeddingProvider,
  EmbeddingResult,
  EmbedInput,
  EmbedOptions,
  EmbedRequest,
  EmbedTimings,
  EncodedText,
  HealthStatus,
  LongInputMode,
  ModelInfo,
  ModelState,
  ModelSummary,
  PaddingSide,
  PoolingStrategy,
  QuantizedEmbeddings,
  TruncationDirection,
  Usage,
} from './types.js';
