import type { EmbeddingService } from '@akidb/embedding-provider';
import type { Logger } from 'pino';
import type { ServerConfig } from './serverConfig.js';
import type { ServerMetrics } from './serverMetrics.js';

/** Everything a route needs, built once per server. */
export interface ServerContext {
  readonly config: ServerConfig;
  readonly service: EmbeddingService;
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
}

/** Hono environment of the app: the per-request abort signal (client gone or deadline passed). */
export interface AppEnv {
  Variables: { signal: AbortSignal };
}
