export type { EmbedClient } from '@akidb/client';
export type { AkidbEmbeddingsParams, AkidbEmbeddingsSource } from './akidbEmbeddings.js';
export { AkidbEmbeddings } from './akidbEmbeddings.js';
