export { modelDirectory, resolveAkidbHome } from './akidbHome.js';
export type { AkidbErrorOptions, ErrorCode } from './errors.js';
export { AkidbError, ERROR_CODES, isAkidbError, modelLoadFailure } from './errors.js';
export type {
  EmbeddingProvider,
  EmbeddingResult,
  EmbedInput,
  EmbedOptions,
  EmbedRequest,
  EmbedTimings,
  EncodedText,
  HealthStatus,
  ModelInfo,
  ModelState,
  ModelSummary,
  PaddingSide,
  PoolingStrategy,
  TruncationDirection,
  Usage,
} from './types.js';
