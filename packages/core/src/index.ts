export { AkidbError, ERROR_CODES, isAkidbError } from './errors.js';
export type { AkidbErrorOptions, ErrorCode } from './errors.js';
export type {
  EmbedOptions,
  EmbedTimings,
  EmbeddingProvider,
  EmbeddingResult,
  EncodedText,
  HealthStatus,
  ModelInfo,
  PaddingSide,
  PoolingStrategy,
  TruncationDirection,
  Usage,
} from './types.js';
