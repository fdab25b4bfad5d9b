import type { EmbeddingProvider, EmbedOptions } from '@akidb/core';
import { isAkidbError } from '@akidb/core';
import { acquireFailed, modelNotFound } from './errors.js';
import type {
  EmbeddingRouter,
  ModelSummary,
  PoolAcquireOptions,
  ProviderLease,
  RoutedModelSummary,
  RouterOptions,
  WithModelOptions,
} from './types.js';

/**
 * Creates a router over a model catalog (ids, aliases, default) and a pool of loaded providers. Every
 * call resolves the model, leases it from the pool and always releases it.
 *
 * @example
 * const router = createRouter({ catalog: registry, pool: modelCache, defaultModel: 'all-minilm-l6-v2' });
 * const { model, embeddings } = await router.embed({ model: 'minilm', texts: ['hello'] });
 */
export function createRouter<P extends EmbeddingProvider>(options: RouterOptions<P>): EmbeddingRouter<P> {
  const { catalog, pool, defaultModel } = options;
  const availableIds = (): string[] => catalog.list().map((model) => model.id);

  function resolveModelId(model?: string): string {
    const requested = model ?? defaultModel;
    let id: string | undefined;
    try {
      id = catalog.resolveId(requested);
    } catch (cause) {
      if (isAkidbError(cause, 'MODEL_NOT_FOUND')) throw modelNotFound(requested, availableIds(), cause);
      throw cause;
    }
    if (id === undefined) throw modelNotFound(requested, availableIds());
    return id;
  }

  async function withModel<T>(
    model: string | undefined,
    fn: (provider: P, id: string) => Promise<T>,
    withOptions: WithModelOptions = {},
  ): Promise<T> {
    const id = resolveModelId(model);
    let lease: ProviderLease<P>;
    try {
      lease = await pool.acquire(id, withOptions.signal ? { signal: withOptions.signal } : {});
    } catch (cause) {
      throw acquireFailed(id, cause);
    }
    try {
      return await fn(lease.provider, id);
    } finally {
      lease.release();
    }
  }

  const signalOf = (embedOptions: EmbedOptions): PoolAcquireOptions =>
    embedOptions.signal ? { signal: embedOptions.signal } : {};

  const defaultId = (): string | undefined => {
    try {
      return resolveModelId();
    } catch {
      return undefined;
    }
  };

  const summarize = (model: ModelSummary, isDefault: boolean): RoutedModelSummary => {
    const { id, aliases, state, dimension, maxTokens, pooling, memoryBytes, reason } = model;
    const summary: RoutedModelSummary = {
      id,
      aliases: [...aliases],
      state,
      dimension,
      maxTokens,
      pooling,
      memoryBytes,
      loaded: pool.isLoaded(id),
      isDefault,
    };
    if (reason !== undefined) summary.reason = reason;
    return summary;
  };

  return {
    embed({ model, texts, ...embedOptions }) {
      return withModel(
        model,
        async (provider, id) => ({ ...(await provider.embed(texts, embedOptions)), model: id }),
        signalOf(embedOptions),
      );
    },
    encode({ model, texts, ...embedOptions }) {
      return withModel(
        model,
        async (provider, id) => ({ model: id, encoded: await provider.encode(texts, embedOptions) }),
        signalOf(embedOptions),
      );
    },
    tokenize({ model, texts, ...embedOptions }) {
      return withModel(
        model,
        async (provider, id) => {
          const encoded = await provider.encode(texts, embedOptions);
          const tokens = encoded.map((text) => Array.from(text.ids));
          const totalTokens = encoded.reduce((sum, text) => sum + text.tokenCount, 0);
          return { model: id, tokens, totalTokens };
        },
        signalOf(embedOptions),
      );
    },
    withModel,
    resolveModelId,
    listModels() {
      const current = defaultId();
      return catalog.list().map((model) => summarize(model, model.id === current));
    },
  };
}
