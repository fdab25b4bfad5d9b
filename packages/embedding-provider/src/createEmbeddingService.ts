import type { CacheEvent } from '@akidb/cache';
import { createModelCache } from '@akidb/cache';
import type { EmbedRequest } from '@akidb/core';
import { modelLoadFailure, resolveAkidbHome } from '@akidb/core';
import { createEmbeddingCache, modelFingerprint } from '@akidb/embedding-cache';
import { createModelStore } from '@akidb/model-store';
import type { ModelEntry } from '@akidb/registry';
import { loadRegistry } from '@akidb/registry';
import type { CatalogEntry } from '@akidb/router';
import { createRouter } from '@akidb/router';
import type { BatchReport } from './batchScheduler.js';
import { readCalibrations } from './calibrations.js';
import { type CachedModel, embedThroughCache } from './embedThroughCache.js';
import { checkTokenIds } from './encodeTokenIds.js';
import { loadOnnxEmbeddingProvider } from './loadOnnxEmbeddingProvider.js';
import { modelParallelism } from './modelParallelism.js';
import type { OnnxEmbeddingProvider } from './onnxEmbeddingProvider.js';
import { planPrecision } from './outputPrecision.js';
import type {
  CacheEventInfo,
  EmbeddingService,
  EmbeddingServiceOptions,
  ServiceCacheStats,
} from './serviceTypes.js';
import { checkCount } from './validateTexts.js';

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
  const parallelism = {
    cores: options.cores,
    replicas: options.replicas,
    threads: options.session?.intraOpNumThreads,
    executionProviders: options.session?.executionProviders,
  };
  const batchListeners = new Set<(report: BatchReport) => void>();
  if (options.onBatch) batchListeners.add(options.onBatch);
  const loadModel = async (id: string, signal: AbortSignal): Promise<OnnxEmbeddingProvider> => {
    const entry = registry.get(id);
    const wasInstalled = entry.state === 'installed';
    try {
      const modelDir = await store.ensure(entry, { signal });
      if (!wasInstalled) await registry.refresh();
      return await loadOnnxEmbeddingProvider({
        modelDir,
        manifest: entry,
        session: { ...options.session },
        ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
        ...(options.cores === undefined ? {} : { cores: options.cores }),
        ...(options.batching ? { batching: options.batching } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
        onBatch: (report) => {
          for (const listener of batchListeners) listener(report);
        },
      });
    } catch (error) {
      throw modelLoadFailure(id, error, { wrapAkidbErrors: true });
    }
  };
  const cache = createModelCache<OnnxEmbeddingProvider>({
    load: loadModel,
    ...(options.maxModels === undefined ? {} : { maxModels: options.maxModels }),
    ...(options.memoryBudgetMB === undefined ? {} : { maxBytes: options.memoryBudgetMB * MB }),
    ...(options.idleTtlMs === undefined ? {} : { idleTtlMs: options.idleTtlMs }),
    // Every replica holds its own copy of the weights.
    estimateSize: (id) => {
      const entry = registry.get(id);
      return entry.memoryMB * MB * modelParallelism(entry, parallelism).replicas;
    },
    pinned: options.pinDefault === false ? [] : [defaultModel],
    ...(options.onCacheEvent ? { onEvent: forwardEvent(options.onCacheEvent) } : {}),
  });
  const router = createRouter<OnnxEmbeddingProvider>({
    catalog: { resolveId: (id) => registry.resolveId(id), list: () => registry.list().map(toSummary) },
    pool: cache,
    defaultModel,
  });
  const embeddingCache = options.embeddingCache
    ? await createEmbeddingCache(options.embeddingCache)
    : undefined;
  const calibrations = await readCalibrations(options.manifestsDirs ?? []);
  const fingerprints = new WeakMap<ModelEntry, string>();
  /** A model as its manifest describes it, with the content fingerprint of its files. */
  const describe = (id: string): CachedModel => {
    const entry = registry.get(id);
    let fingerprint = fingerprints.get(entry);
    if (fingerprint === undefined) {
      fingerprint = modelFingerprint(entry.files);
      fingerprints.set(entry, fingerprint);
    }
    return {
      id,
      fingerprint,
      dimension: entry.dimension,
      maxTokens: entry.maxTokens,
      matryoshkaDimensions: entry.matryoshkaDimensions,
      prompts: { prompts: entry.prompts, defaultPrompt: entry.defaultPrompt },
    };
  };
  /** The one embedding path: cache lookup (when configured), batching of what missed, precision. */
  const embed = async (request: EmbedRequest) => {
    if (request.precision === undefined && embeddingCache === undefined) return router.embed(request);
    const model = describe(router.resolveModelId(request.model));
    const withPrecision = planPrecision(request, model, calibrations);
    const { texts, precision: _precision, ...rest } = request;
    const result =
      embeddingCache && texts !== undefined && request.tokenIds === undefined
        ? await embedThroughCache(embeddingCache, model, { ...rest, texts }, options.limits ?? {}, (misses) =>
            router.embed({ ...rest, model: model.id, texts: misses }),
          )
        : await router.embed({ ...rest, model: model.id, ...(texts === undefined ? {} : { texts }) });
    return withPrecision(result);
  };

  /** `read(provider)` for every loaded model, leaving out the ones it answers `undefined` for. */
  const perLoadedModel = <T>(read: (provider: OnnxEmbeddingProvider) => T | undefined): Map<string, T> => {
    const values = new Map<string, T>();
    for (const id of cache.loadedIds()) {
      const provider = cache.peek(id);
      const value = provider ? read(provider) : undefined;
      if (value !== undefined) values.set(id, value);
    }
    return values;
  };

  return {
    defaultModel,
    embed,
    embeddingCacheStats: () => embeddingCache?.stats(),
    tokenize: ({ model, texts, signal, ...tokenizeOptions }) =>
      router.withModel(
        model,
        async (provider, id) => {
          const encoded = await provider.tokenize(texts, {
            ...tokenizeOptions,
            ...(signal ? { signal } : {}),
          });
          let total = 0;
          const results = encoded.map((row) => {
            total += row.tokenCount;
            const ids = Array.from(row.ids);
            return {
              ids,
              tokens: ids.map((tokenId) => provider.idToToken(tokenId) ?? ''),
              tokenCount: row.tokenCount,
            };
          });
          return { model: id, results, usage: { promptTokens: total, totalTokens: total } };
        },
        signal ? { signal } : {},
      ),
    decode: ({ model, ids, skipSpecialTokens }) =>
      router.withModel(model, async (provider, id) => {
        checkCount(ids.length, options.limits ?? {});
        const { vocabSize } = provider.modelInfo();
        for (const [index, row] of ids.entries()) checkTokenIds(row, index, vocabSize);
        const skip = { skipSpecialTokens: skipSpecialTokens ?? false };
        return { model: id, texts: ids.map((row) => provider.decode(row, skip)) };
      }),
    modelInfo: (model) => router.withModel(model, async (provider) => provider.modelInfo()),
    resolveModelId: (model) => router.resolveModelId(model),
    listModels: () => router.listModels(),
    preload: async (models) => {
      for (const model of models) {
        const held = await cache.acquire(router.resolveModelId(model));
        held.release();
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
    queueDepths: () => perLoadedModel((provider) => provider.queueDepth),
    replicaStats: () => perLoadedModel((provider) => provider.sessionStats()),
    terminateReplica: async (model, index) => {
      const provider = cache.peek(router.resolveModelId(model));
      return provider ? provider.terminateReplica(index) : false;
    },
    onBatch: (listener) => {
      batchListeners.add(listener);
      return () => batchListeners.delete(listener);
    },
    close: async () => {
      await cache.close();
      await embeddingCache?.close();
    },
  };
}

function toSummary(entry: ModelEntry): CatalogEntry {
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
