import type { EmbeddingCacheOptions, EmbeddingServiceOptions } from '@akidb/embedding-provider';
import type { ServerConfig } from './serverConfig.js';

const MB = 1024 * 1024;

/**
 * The embedding-service options a server config stands for: models, memory, batching, request
 * limits, replicas, ONNX Runtime settings and the embedding cache.
 *
 * @example
 * const service = await createEmbeddingService(serviceOptionsFor(resolveConfig({ maxBatchSize: 64 })));
 */
export function serviceOptionsFor(config: ServerConfig): EmbeddingServiceOptions {
  return {
    manifestsDirs: config.manifestsDirs,
    batching: {
      ...(config.maxBatchSize === undefined ? {} : { maxBatchSize: config.maxBatchSize }),
      ...(config.maxBatchTokens === undefined ? {} : { maxBatchTokens: config.maxBatchTokens }),
      ...(config.batchOverheadTokens === undefined
        ? {}
        : { batchOverheadTokens: config.batchOverheadTokens }),
      maxQueueTexts: config.maxQueueTexts,
      coalesce: config.batching,
    },
    limits: { maxInputs: config.maxInputs, maxInputChars: config.maxInputChars },
    session: {
      executionProviders: config.executionProviders,
      ...(config.threads === undefined ? {} : { intraOpNumThreads: config.threads }),
      allowSpinning: config.allowSpinning,
    },
    // With one slot, a pinned default would leave no room for any other model.
    pinDefault: config.maxModels !== 1,
    ...(config.home === undefined ? {} : { home: config.home }),
    ...(config.defaultModel === undefined ? {} : { defaultModel: config.defaultModel }),
    ...(config.maxModels === undefined ? {} : { maxModels: config.maxModels }),
    ...(config.memoryBudgetMB === undefined ? {} : { memoryBudgetMB: config.memoryBudgetMB }),
    ...(config.replicas === undefined ? {} : { replicas: config.replicas }),
    ...(config.cores === undefined ? {} : { cores: config.cores }),
    ...(config.embeddingCache ? { embeddingCache: embeddingCacheOptions(config) } : {}),
  };
}

function embeddingCacheOptions(config: ServerConfig): EmbeddingCacheOptions {
  const dir = config.embeddingCacheDir;
  const diskMB = config.embeddingCacheDiskMB;
  return {
    maxMemoryBytes: config.embeddingCacheMB * MB,
    ...(dir === undefined
      ? {}
      : { store: { path: dir, ...(diskMB === undefined ? {} : { maxBytes: diskMB * MB }) } }),
  };
}
