export type { EmbedClient, EmbedRole } from '@akidb/client';
export { AkidbEmbeddingModel, PROVIDER_NAME } from './akidbEmbeddingModel.js';
export type { AkidbEmbeddingModelSettings, AkidbProvider, AkidbProviderSettings } from './createAkidb.js';
export { createAkidb } from './createAkidb.js';
export type { AkidbCallOptions } from './parseAkidbOptions.js';
