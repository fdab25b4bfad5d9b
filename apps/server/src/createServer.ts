import type { EmbeddingService } from '@akidb/embedding-provider';
import { createEmbeddingService } from '@akidb/embedding-provider';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { createApp } from './createApp.js';
import { createLogger } from './createLogger.js';
import { resolveConfig, type ServerConfigInput } from './serverConfig.js';
import type { AppEnv, ServerContext } from './serverContext.js';
import { ServerMetrics } from './serverMetrics.js';
import { serviceOptionsFor } from './serviceOptions.js';

/** What {@link createServer} can be given instead of building it. */
export interface ServerDependencies {
  /**
   * Use this service (it is not closed by the server). It brings its own batching, limits, replicas and
   * model settings: build it with `serviceOptionsFor(config)` to match a server config.
   */
  service?: EmbeddingService;
  logger?: Logger;
}

/** A server that is built but not listening: its Hono app and everything behind it. */
export interface AkidbServer {
  readonly app: Hono<AppEnv>;
  readonly context: ServerContext;
  /** Releases the embedding service when the server created it. */
  close(): Promise<void>;
}

/**
 * Builds the server without listening: config, logger, metrics, the embedding service and the
 * Hono app. `app.fetch(request)` serves requests in-process; {@link startServer} listens.
 *
 * @example
 * const server = await createServer({ logLevel: 'silent' });
 * const res = await server.app.fetch(new Request('http://x/health'));
 */
export async function createServer(
  input: ServerConfigInput = {},
  deps: ServerDependencies = {},
): Promise<AkidbServer> {
  const config = resolveConfig(input);
  const logger = deps.logger ?? createLogger(config.logLevel);
  const metrics = new ServerMetrics();
  const ownsService = deps.service === undefined;
  const service =
    deps.service ??
    (await createEmbeddingService({
      ...serviceOptionsFor(config),
      onCacheEvent: (event) => metrics.observeCacheEvent(event),
    }));
  const stopBatchReports = service.onBatch((report) => metrics.observeBatch(report));
  metrics.sources.cacheStats = () => service.cacheStats();
  metrics.sources.queueDepths = () => service.queueDepths();
  metrics.sources.models = () => service.listModels();
  metrics.sources.replicaStats = () => service.replicaStats();
  const context: ServerContext = { config, service, metrics, logger };
  return {
    app: createApp(context),
    context,
    close: async () => {
      stopBatchReports();
      if (ownsService) await service.close();
    },
  };
}
