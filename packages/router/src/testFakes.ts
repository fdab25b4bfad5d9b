import type { EmbeddingProvider, EmbeddingResult, EncodedText } from '@akidb/core';
import { AkidbError } from '@akidb/core';
import type { CatalogEntry, ModelCatalog, ProviderLease, ProviderPool } from './types.js';

/** A provider whose vectors encode its id's length, so tests can tell providers apart. */
export function fakeProvider(id: string, overrides: Partial<EmbeddingProvider> = {}): EmbeddingProvider {
  const result = (count: number): EmbeddingResult => ({
    model: `${id}-internal-name`,
    dimension: 1,
    embeddings: Array.from({ length: count }, () => new Float32Array([id.length])),
    usage: { promptTokens: count, totalTokens: count },
    timings: { queueMs: 0, tokenizeMs: 0, inferenceMs: 0, poolingMs: 0, totalMs: 0 },
  });
  return {
    id,
    embed: async (input) => result('tokenIds' in input ? input.tokenIds.length : input.length),
    tokenize: async (texts): Promise<EncodedText[]> =>
      texts.map((text) => ({ ids: new Int32Array([101, text.length, 102]), tokenCount: 3 })),
    decode: (tokenIds) => Array.from(tokenIds, (tokenId) => `t${tokenId}`).join(' '),
    modelInfo: () => ({
      id,
      dimension: 1,
      maxTokens: 8,
      pooling: 'mean',
      executionProvider: 'cpu',
      maxBatchSize: 4,
      maxBatchTokens: 64,
      replicas: 1,
      threads: 1,
      prompts: {},
      memoryBytes: 1,
      vocabSize: 128,
      matryoshkaDimensions: null,
    }),
    idToToken: (tokenId) =>
      Number.isInteger(tokenId) && tokenId >= 0 && tokenId < 128 ? `t${tokenId}` : undefined,
    healthCheck: async () => ({ ok: true, model: id, latencyMs: 0 }),
    dispose: async () => undefined,
    ...overrides,
  };
}

/** A catalog summary with small defaults. */
export function summary(id: string, aliases: string[] = [], extra: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id,
    aliases,
    state: 'installed',
    dimension: 1,
    maxTokens: 8,
    pooling: 'mean',
    memoryBytes: 1,
    ...extra,
  };
}

/** A catalog over `models`; unknown ids throw `MODEL_NOT_FOUND` (or return undefined when `lenient`). */
export function fakeCatalog(models: CatalogEntry[], defaultId?: string, lenient = false): ModelCatalog {
  return {
    resolveId(idOrAlias) {
      const wanted = idOrAlias ?? defaultId;
      const found = models.find((model) => model.id === wanted || model.aliases.includes(wanted ?? ''));
      if (found) return found.id;
      if (lenient) return undefined;
      throw new AkidbError('MODEL_NOT_FOUND', `unknown ${String(wanted)}`);
    },
    list: () => models,
  };
}

/** A pool over provider factories that counts acquires and releases per id. */
export interface FakePool extends ProviderPool<EmbeddingProvider> {
  readonly acquired: string[];
  readonly released: string[];
  readonly signals: (AbortSignal | undefined)[];
}

/** Creates a {@link FakePool}; a factory that throws makes `acquire` reject with that error. */
export function fakePool(factories: Record<string, () => Promise<EmbeddingProvider>>): FakePool {
  const loaded = new Map<string, EmbeddingProvider>();
  const acquired: string[] = [];
  const released: string[] = [];
  const signals: (AbortSignal | undefined)[] = [];
  return {
    acquired,
    released,
    signals,
    async acquire(id, options): Promise<ProviderLease<EmbeddingProvider>> {
      signals.push(options?.signal);
      let provider = loaded.get(id);
      if (!provider) {
        const factory = factories[id];
        if (!factory) throw new Error(`fake pool has no factory for ${id}`);
        provider = await factory();
        loaded.set(id, provider);
      }
      acquired.push(id);
      return { provider, release: () => released.push(id) };
    },
    isLoaded: (id) => loaded.has(id),
    peek: (id) => loaded.get(id),
  };
}
