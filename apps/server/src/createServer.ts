import type { EmbeddingService } from '@akidb/embedding-provider';
import { createEmbeddingService } from '@akidb/embedding-provider';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { BatchingEmbedder } from './batchingEmbedder.js';
import { createApp } from './createApp.js';
import { createLogger } from './createLogger.js';
import { DirectEmbedder } from './directEmbedder.js';
import type { Embedder } from './embedder.js';
import { resolveConfig, type ServerConfigInput } from './serverConfig.js';
import type { AppEnv, ServerContext } from './serverContext.js';
import { ServerMetrics } from './serverMetrics.js';

/** What {@link createServer} can be given instead of building it. */
export interface ServerDependencies {
  /** Use this service (it is not closed by the server). */
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
      manifestsDirs: config.manifestsDirs,
      maxBatchSize: config.maxBatchSize,
      // With one slot, a pinned default would leave no room for any other model.
      pinDefault: config.maxModels !== 1,
      onCacheEvent: (event) => metrics.observeCacheEvent(event),
      ...(config.home === undefined ? {} : { home: config.home }),
      ...(config.defaultModel === undefined ? {} : { defaultModel: config.defaultModel }),
      ...(config.maxModels === undefined ? {} : { maxModels: config.maxModels }),
      ...(config.memoryBudgetMB === undefined ? {} : { memoryBudgetMB: config.memoryBudgetMB }),
      ...(config.threads === undefined ? {} : { session: { intraOpNumThreads: config.threads } }),
    }));
  const embedder: Embedder = config.batching
    ? new BatchingEmbedder(service, {
        maxBatchSize: config.maxBatchSize,
        maxBatchTokens: config.maxBatchTokens,
        maxQueueTexts: config.maxQueueTexts,
        onBatch: (report) => metrics.observeBatch(report),
      })
    : new DirectEmbedder(service);
  metrics.sources.cacheStats = () => service.cacheStats();
  metrics.sources.queueDepths = () => embedder.queueDepths();
  const context: ServerContext = { config, service, embedder, metrics, logger };
  return {
    app: createApp(context),
    context,
    close: async () => {
      if (ownsService) await service.close();
    },
  };
}
