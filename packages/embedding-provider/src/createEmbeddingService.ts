import type { CacheEvent } from '@akidb/cache';
import { createModelCache } from '@akidb/cache';
import type { EmbeddingProvider } from '@akidb/core';
import { AkidbError, isAkidbError, resolveAkidbHome } from '@akidb/core';
import { createModelStore } from '@akidb/model-store';
import type { ModelEntry } from '@akidb/registry';
import { loadRegistry } from '@akidb/registry';
import type { ModelSummary } from '@akidb/router';
import { createRouter } from '@akidb/router';
import { loadOnnxEmbeddingProvider } from './loadOnnxEmbeddingProvider.js';
import type { OnnxEmbeddingProvider } from './onnxEmbeddingProvider.js';
import type {
  CacheEventInfo,
  EmbeddingService,
  EmbeddingServiceOptions,
  ServiceCacheStats,
  ServiceModelSummary,
} from './serviceTypes.js';

const MB = 1024 * 1024;

/**
 * Many models behind one API: the registry says what exists, the model store puts verified files
 * on disk, the LRU cache keeps loaded models under a memory budget, and the router picks the model
 * per request.
 *
 * @example
 * const service = await createEmbeddingService({ manifestsDirs: ['models'], memoryBudgetMB: 1024 });
 * const { embeddings } = await service.embed({ model: 'minilm', texts: ['hello'] });
 * await service.close();
 */
export async function createEmbeddingService(
  options: EmbeddingServiceOptions = {},
): Promise<EmbeddingService> {
  const home = options.home ?? resolveAkidbHome();
  const registry = await loadRegistry({
    manifestsDirs: [...(options.manifestsDirs ?? [])],
    home,
    ...(options.defaultModel === undefined ? {} : { defaultModel: options.defaultModel }),
    ...(options.offline === undefined ? {} : { offline: options.offline }),
  });
  const defaultModel = registry.resolveId();
  const store = createModelStore({
    home,
    offline: registry.offline,
    ...(options.hubEndpoint === undefined ? {} : { endpoint: options.hubEndpoint }),
  });
  const loadModel = async (id: string, signal: AbortSignal): Promise<OnnxEmbeddingProvider> => {
    const entry = registry.get(id);
    const wasInstalled = entry.state === 'installed';
    try {
      const modelDir = await store.ensure(entry, { signal });
      if (!wasInstalled) await registry.refresh();
      return await loadOnnxEmbeddingProvider({
        modelDir,
        manifest: entry,
        maxBatchSize: options.maxBatchSize ?? 32,
        session: { ...options.session },
      });
    } catch (error) {
      throw asLoadFailure(id, error);
    }
  };
  const cache = createModelCache<OnnxEmbeddingProvider>({
    load: loadModel,
    ...(options.maxModels === undefined ? {} : { maxModels: options.maxModels }),
    ...(options.memoryBudgetMB === undefined ? {} : { maxBytes: options.memoryBudgetMB * MB }),
    ...(options.idleTtlMs === undefined ? {} : { idleTtlMs: options.idleTtlMs }),
    estimateSize: (id) => registry.get(id).memoryMB * MB,
    pinned: options.pinDefault === false ? [] : [defaultModel],
    ...(options.onCacheEvent ? { onEvent: forwardEvent(options.onCacheEvent) } : {}),
  });
  const router = createRouter<OnnxEmbeddingProvider>({
    catalog: { resolveId: (id) => registry.resolveId(id), list: () => registry.list().map(toSummary) },
    pool: cache,
    defaultModel,
  });

  return {
    defaultModel,
    embed: (request) => router.embed(request),
    withModel: <T>(model: string | undefined, fn: (provider: EmbeddingProvider, id: string) => Promise<T>) =>
      router.withModel(model, fn),
    resolveModelId: (model) => router.resolveModelId(model),
    listModels: (): ServiceModelSummary[] =>
      router.listModels().map((model) => ({
        id: model.id,
        aliases: model.aliases,
        state: model.state,
        ...(model.reason ? { reason: model.reason } : {}),
        dimension: model.dimension,
        maxTokens: model.maxTokens,
        pooling: model.pooling,
        memoryBytes: model.memoryBytes,
        loaded: model.loaded,
        isDefault: model.isDefault,
      })),
    preload: async (models) => {
      for (const model of models) {
        const lease = await cache.acquire(router.resolveModelId(model));
        lease.release();
      }
    },
    isLoaded: (model) => cache.isLoaded(router.resolveModelId(model)),
    pull: async (model, pullOptions = {}) => {
      const dir = await store.pull(registry.get(router.resolveModelId(model)), pullOptions);
      await registry.refresh();
      return dir;
    },
    cacheStats: (): ServiceCacheStats => {
      const stats = cache.stats();
      return {
        hits: stats.hits,
        misses: stats.misses,
        loads: stats.loads,
        loadFailures: stats.loadFailures,
        evictions: stats.evictions,
        bytes: stats.bytes,
        drainingBytes: stats.drainingBytes,
        loaded: cache.loadedIds(),
      };
    },
    close: () => cache.close(),
  };
}

/** Codes that already say precisely why a model cannot be used; anything else is a load failure. */
const KEPT_CODES: ReadonlySet<string> = new Set([
  'MODEL_NOT_FOUND',
  'MODEL_NOT_INSTALLED',
  'OFFLINE',
  'CANCELLED',
]);

function asLoadFailure(id: string, error: unknown): AkidbError {
  if (isAkidbError(error) && KEPT_CODES.has(error.code)) return error;
  const reason = isAkidbError(error) ? error.code : 'LOAD_ERROR';
  const message = error instanceof Error ? error.message : String(error);
  return new AkidbError('MODEL_LOAD_FAILED', `Model "${id}" failed to load: ${message}`, {
    cause: error,
    details: { model: id, reason },
  });
}

function toSummary(entry: ModelEntry): ModelSummary {
  return {
    id: entry.id,
    aliases: entry.aliases,
    state: entry.state,
    dimension: entry.dimension,
    maxTokens: entry.maxTokens,
    pooling: entry.pooling,
    memoryBytes: entry.memoryMB * MB,
    reason: entry.reason ?? undefined,
  };
}

function forwardEvent(listener: (event: CacheEventInfo) => void): (event: CacheEvent) => void {
  return (event) => {
    const info: CacheEventInfo = { type: event.type, model: event.id };
    if ('durationMs' in event) info.durationMs = event.durationMs;
    if ('bytes' in event) info.bytes = event.bytes;
    if (event.type === 'evict') info.reason = event.reason;
    listener(info);
  };
}
