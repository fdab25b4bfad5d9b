export type { AkidbEmbedderOptions, EmbedCallOptions, EmbedRole } from './akidbEmbedder.js';
export { AkidbEmbedder, DEFAULT_BATCH_SIZE } from './akidbEmbedder.js';
export type { HttpClientOptions } from './createHttpClient.js';
export { createHttpClient } from './createHttpClient.js';
export type { EmbedClient, EmbedResponse } from './embedClient.js';
export { errorFromResponse } from './errors.js';
export { isRetryable } from './isRetryable.js';
