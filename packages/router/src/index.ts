export { createRouter } from './createRouter.js';
export type {
  EmbeddingRouter,
  EmbedRequest,
  EncodeResult,
  ModelCatalog,
  ModelState,
  ModelSummary,
  PoolAcquireOptions,
  ProviderLease,
  ProviderPool,
  RoutedModelSummary,
  RouterOptions,
  TokenizeResult,
  WithModelOptions,
} from './types.js';
