export { modelDirectory, resolveAkidbHome } from './akidbHome.js';
export type { AkidbErrorOptions, ErrorCode } from './errors.js';
export { AkidbError, ERROR_CODES, isAkidbError } from './errors.js';
export type {
  EmbeddingProvider,
  EmbeddingResult,
  EmbedOptions,
  EmbedTimings,
  EncodedText,
  HealthStatus,
  ModelInfo,
  PaddingSide,
  PoolingStrategy,
  TruncationDirection,
  Usage,
} from './types.js';
