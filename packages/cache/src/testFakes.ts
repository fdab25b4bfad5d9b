import type { EmbeddingProvider, EmbeddingResult, EncodedText, ModelInfo } from '@akidb/core';

/** A tiny in-memory provider that records when it was disposed. */
export interface FakeProvider extends EmbeddingProvider {
  readonly bytes: number;
  disposeCalls: number;
}

/** A fake provider of `bytes` resident bytes; `log` receives `dispose:<id>` lines in order. */
export function fakeProvider(id: string, bytes: number, log: string[] = []): FakeProvider {
  const info: ModelInfo = {
    id,
    dimension: 2,
    maxTokens: 8,
    pooling: 'mean',
    executionProvider: 'cpu',
    maxBatchSize: 4,
    maxBatchTokens: 64,
    replicas: 1,
    threads: 1,
    prompts: {},
    memoryBytes: bytes,
    vocabSize: 3,
    matryoshkaDimensions: null,
  };
  const result = (count: number): EmbeddingResult => ({
    model: id,
    dimension: 2,
    embeddings: Array.from({ length: count }, () => new Float32Array([1, 0])),
    usage: { promptTokens: count, totalTokens: count },
    timings: { queueMs: 0, tokenizeMs: 0, inferenceMs: 0, poolingMs: 0, totalMs: 0 },
  });
  const provider: FakeProvider = {
    id,
    bytes,
    disposeCalls: 0,
    embed: async (input) => result('tokenIds' in input ? input.tokenIds.length : input.length),
    tokenize: async (texts): Promise<EncodedText[]> =>
      texts.map(() => ({ ids: new Int32Array([1, 2]), tokenCount: 2 })),
    decode: (tokenIds) => Array.from(tokenIds).join(' '),
    modelInfo: () => info,
    idToToken: (tokenId) => ['[PAD]', 'a', 'b'][tokenId],
    healthCheck: async () => ({ ok: true, model: id, latencyMs: 0 }),
    async dispose() {
      provider.disposeCalls += 1;
      log.push(`dispose:${id}`);
    },
  };
  return provider;
}

/** A promise settled from the outside, to control when a fake load finishes. */
export interface Controlled<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Creates a {@link Controlled} promise. */
export function controlled<T>(): Controlled<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback and I/O callback run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A `load` function over fake providers of the given sizes, recording what it did. */
export interface FakeLoader {
  load(id: string, signal: AbortSignal): Promise<FakeProvider>;
  /** Ids passed to `load`, in call order. */
  readonly calls: string[];
  /** `load:<id>` and `dispose:<id>` lines, in order. */
  readonly log: string[];
  /** The most recent provider loaded for `id`. */
  latest(id: string): FakeProvider;
}

/** Creates a {@link FakeLoader}; loading an id without a size fails with a plain `Error`. */
export function fakeLoader(sizes: Record<string, number>): FakeLoader {
  const calls: string[] = [];
  const log: string[] = [];
  const byId = new Map<string, FakeProvider>();
  return {
    calls,
    log,
    async load(id) {
      calls.push(id);
      const bytes = sizes[id];
      if (bytes === undefined) throw new Error(`no such fake model ${id}`);
      log.push(`load:${id}`);
      const provider = fakeProvider(id, bytes, log);
      byId.set(id, provider);
      return provider;
    },
    latest(id) {
      const provider = byId.get(id);
      if (!provider) throw new Error(`${id} was never loaded`);
      return provider;
    },
  };
}

/** Acquires and immediately releases `ids` in order, so they end up loaded with no leases. */
export async function touch(
  cache: { acquire(id: string): Promise<{ release(): void }> },
  ...ids: string[]
): Promise<void> {
  for (const id of ids) (await cache.acquire(id)).release();
}
