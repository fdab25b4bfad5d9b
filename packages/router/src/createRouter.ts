import type { EmbeddingProvider, EmbeddingResult, EmbedInput, EmbedRequest, ModelSummary } from '@akidb/core';
import { isAkidbError, modelLoadFailure } from '@akidb/core';
import { inputChoiceInvalid, modelNotFound } from './errors.js';
import type {
  CatalogEntry,
  EmbeddingRouter,
  ProviderLease,
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
      throw modelLoadFailure(id, cause);
    }
    try {
      return await fn(lease.provider, id);
    } finally {
      lease.release();
    }
  }

  const defaultId = (): string | undefined => {
    try {
      return resolveModelId();
    } catch {
      return undefined;
    }
  };

  const summarize = (entry: CatalogEntry, isDefault: boolean): ModelSummary => {
    const { id, aliases, state, dimension, maxTokens, pooling, memoryBytes, reason } = entry;
    const summary: ModelSummary = {
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
    const loaded = pool.peek?.(id);
    if (loaded !== undefined) summary.executionProvider = loaded.modelInfo().executionProvider;
    return summary;
  };

  return {
    async embed(request: EmbedRequest): Promise<EmbeddingResult> {
      const { model, texts, tokenIds, ...options } = request;
      const input = embedInput(texts, tokenIds);
      return withModel(
        model,
        async (provider, id) => ({ ...(await provider.embed(input, options)), model: id }),
        options.signal ? { signal: options.signal } : {},
      );
    },
    withModel,
    resolveModelId,
    listModels() {
      const current = defaultId();
      return catalog.list().map((entry) => summarize(entry, entry.id === current));
    },
  };
}

/** A request's input: its texts or its token ids, exactly one of them. */
function embedInput(
  texts: readonly string[] | undefined,
  tokenIds: readonly (readonly number[])[] | undefined,
): EmbedInput {
  if (tokenIds !== undefined && texts === undefined) return { tokenIds };
  if (texts !== undefined && tokenIds === undefined) return texts;
  throw inputChoiceInvalid(texts !== undefined);
}
