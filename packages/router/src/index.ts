export { createRouter } from './createRouter.js';
export type {
  CatalogEntry,
  EmbeddingRouter,
  ModelCatalog,
  PoolAcquireOptions,
  ProviderLease,
  ProviderPool,
  RouterOptions,
  WithModelOptions,
} from './types.js';
