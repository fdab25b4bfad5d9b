import type {
  EmbeddingProvider,
  EmbeddingResult,
  EmbedInput,
  EmbedOptions,
  EncodedText,
  HealthStatus,
  LongInputMode,
  ModelInfo,
  PaddingSide,
  PoolingStrategy,
} from '@akidb/core';
import { pool } from '@akidb/pooling';
import type { OnnxSession, SessionPool, SessionPoolStats } from '@akidb/session';
import type { TextTokenizer } from '@akidb/tokenization';
import { padBatch } from '@akidb/tokenization';
import { applyOutputOptions } from './applyOutputOptions.js';
import { type BatchReport, BatchScheduler } from './batchScheduler.js';
import { checkModelDimensions } from './checkModelDimensions.js';
import { type ChunkedRows, chunkedRows, combineChunks } from './chunkedInputs.js';
import { encodeTokenIds } from './encodeTokenIds.js';
import { longInputConflict, longInputInvalid, longInputNeedsTexts, providerDisposed } from './errors.js';
import type { PromptConfig } from './resolvePrompt.js';
import { resolvePrompt } from './resolvePrompt.js';
import { checkCount, type InputLimits, validateTexts } from './validateTexts.js';

/** How a model's requests are batched (see {@link BatchScheduler}). */
export interface BatchingSettings {
  /** Most rows in one inference call (default 32). */
  maxBatchSize: number;
  /** Most padded tokens (longest row x rows) in one inference call (default 16384). */
  maxBatchTokens: number;
  /**
   * One inference call's fixed cost in padded tokens (default 32 on CPU, 4096 on GPU providers):
   * waiting rows are cut by length into batches when the padding saved is worth more than the calls.
   */
  batchOverheadTokens: number;
  /** Most texts waiting before requests fail with `OVERLOADED` (default 8192). */
  maxQueueTexts: number;
  /** Coalesce concurrent requests into shared batches (default true). */
  coalesce: boolean;
}

/** Everything an ONNX pipeline is assembled from (see `loadOnnxEmbeddingProvider`). */
export interface OnnxPipelineParts {
  id: string;
  /** One session, or a pool of replicas (`replicas` batches then run at once). */
  session: OnnxSession | SessionPool;
  tokenizer: TextTokenizer;
  pooling: PoolingStrategy;
  paddingSide: PaddingSide;
  maxTokens: number;
  prompts: PromptConfig;
  /** Matryoshka sizes the model was trained for; `null` allows any size up to the dimension. */
  matryoshkaDimensions: readonly number[] | null;
  batching: BatchingSettings;
  limits: InputLimits;
  memoryBytes: number;
  onBatch?: ((report: BatchReport) => void) | undefined;
}

/**
 * The single-model pipeline, and the one path every embedding takes: validate, tokenize
 * (truncating, keeping special tokens), queue, batch with concurrent calls (length-sorted, padded to
 * the longest row, bounded by rows and padded tokens), run ONNX Runtime on a free replica, pool, and
 * apply each call's own output options once.
 */
export class OnnxEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly #parts: OnnxPipelineParts;
  readonly #scheduler: BatchScheduler;
  readonly #active = new Set<Promise<unknown>>();
  #disposed = false;

  constructor(parts: OnnxPipelineParts) {
    this.id = parts.id;
    this.#parts = parts;
    this.#scheduler = new BatchScheduler({
      model: parts.id,
      ...parts.batching,
      replicas: () => replicasOf(parts.session),
      run: (rows) => this.#runBatch(rows),
      ...(parts.onBatch ? { onBatch: parts.onBatch } : {}),
    });
  }

  /** Texts waiting for a batch. */
  get queueDepth(): number {
    return this.#scheduler.queueDepth;
  }

  embed(input: EmbedInput, options: EmbedOptions = {}): Promise<EmbeddingResult> {
    return this.#track(() => this.#embed(input, options));
  }

  tokenize(texts: readonly string[], options: EmbedOptions = {}): Promise<EncodedText[]> {
    return this.#track(() => this.#tokenize(texts, options));
  }

  decode(ids: ArrayLike<number>, options: { skipSpecialTokens?: boolean } = {}): string {
    return this.#parts.tokenizer.decode(ids, options);
  }

  async #embed(input: EmbedInput, options: EmbedOptions): Promise<EmbeddingResult> {
    const started = performance.now();
    if (options.dimensions !== undefined) checkModelDimensions(this.#dimensions(), options.dimensions);
    const chunking = longInputMode(options) === 'chunk';
    let chunked: ChunkedRows | undefined;
    let rows: EncodedText[];
    if (isTokenIds(input)) {
      if (chunking) throw longInputNeedsTexts();
      rows = this.#encodeIds(input.tokenIds, options);
    } else if (chunking) {
      chunked = await this.#chunk(input, options);
      rows = chunked.rows;
    } else {
      rows = await this.#tokenize(input, options);
    }
    const tokenizeMs = performance.now() - started;
    const batched = await this.#scheduler.submit(rows, options.signal);
    const poolStart = performance.now();
    const raw = chunked ? combineChunks(chunked, batched.vectors) : batched.vectors;
    const embeddings = applyOutputOptions(raw, {
      normalize: options.normalize ?? true,
      ...(options.dimensions === undefined ? {} : { dimensions: options.dimensions }),
    });
    const tokenCounts = chunked ? new Array<number>(raw.length).fill(0) : rows.map((row) => row.tokenCount);
    if (chunked) {
      for (const [row, owner] of chunked.owner.entries()) {
        tokenCounts[owner] = (tokenCounts[owner] as number) + (rows[row] as EncodedText).tokenCount;
      }
    }
    let tokens = 0;
    for (const count of tokenCounts) tokens += count;
    const poolingMs = performance.now() - poolStart;
    return {
      model: this.id,
      dimension: embeddings[0]?.length ?? this.#parts.session.hiddenSize,
      embeddings,
      usage: { promptTokens: tokens, totalTokens: tokens },
      timings: {
        queueMs: batched.queueMs,
        tokenizeMs,
        inferenceMs: batched.inferenceMs,
        poolingMs,
        totalMs: performance.now() - started,
      },
      tokenCounts,
      ...(chunked ? { chunks: chunked.chunks } : {}),
    };
  }

  /** Texts cut into windows of the model's max tokens (prompt applied first), for `longInput: 'chunk'`. */
  async #chunk(texts: readonly string[], options: EmbedOptions): Promise<ChunkedRows> {
    const inputs = this.#promptedTexts(texts, options);
    return chunkedRows(this.#parts.tokenizer, inputs, this.#parts.maxTokens, this.id, options.signal);
  }

  async #tokenize(texts: readonly string[], options: EmbedOptions): Promise<EncodedText[]> {
    const inputs = this.#promptedTexts(texts, options);
    return this.#parts.tokenizer.encodeBatch(inputs, {
      maxTokens: this.#parts.maxTokens,
      truncate: options.truncate ?? true,
      direction: options.truncationDirection ?? 'right',
      signal: options.signal,
    });
  }

  /** Validates `texts` against the limits and puts the call's prompt (if any) before each. */
  #promptedTexts(texts: readonly string[], options: EmbedOptions): readonly string[] {
    validateTexts(texts, this.#parts.limits);
    const prompt = resolvePrompt(this.#parts.prompts, options);
    return prompt ? texts.map((text) => prompt + text) : texts;
  }

  #encodeIds(ids: readonly (readonly number[])[], options: EmbedOptions): EncodedText[] {
    checkCount(ids.length, this.#parts.limits);
    return encodeTokenIds(ids, {
      vocabularySize: this.#parts.tokenizer.vocabSize,
      maxTokens: this.#parts.maxTokens,
      truncate: options.truncate ?? true,
      truncationDirection: options.truncationDirection ?? 'right',
    });
  }

  /** One inference call: pad, run on a free replica, pool; raw (unnormalised) vectors per row. */
  async #runBatch(rows: readonly EncodedText[]): Promise<Float32Array[]> {
    const { session, tokenizer, paddingSide } = this.#parts;
    const padded = padBatch(rows, {
      paddingSide,
      padTokenId: tokenizer.padTokenId,
      withTokenTypeIds: session.takesTokenTypeIds,
    });
    const output = await session.runEncoder(padded);
    const dimension = session.hiddenSize;
    const pooled =
      output.outputKind === 'pooled'
        ? output.data
        : pool(this.#parts.pooling, output.data, {
            batchSize: padded.batchSize,
            seqLength: padded.seqLength,
            hiddenSize: dimension,
            attentionMask: padded.attentionMask,
          });
    const vectors: Float32Array[] = new Array(rows.length);
    for (let row = 0; row < rows.length; row++) {
      vectors[row] = pooled.subarray(row * dimension, (row + 1) * dimension);
    }
    return vectors;
  }

  #dimensions(): Pick<ModelInfo, 'id' | 'dimension' | 'matryoshkaDimensions'> {
    const { id, session, matryoshkaDimensions } = this.#parts;
    return { id, dimension: session.hiddenSize, matryoshkaDimensions };
  }

  modelInfo(): ModelInfo {
    const parts = this.#parts;
    return {
      id: parts.id,
      dimension: parts.session.hiddenSize,
      maxTokens: parts.maxTokens,
      pooling: parts.pooling,
      executionProvider: parts.session.executionProvider,
      maxBatchSize: parts.batching.maxBatchSize,
      maxBatchTokens: parts.batching.maxBatchTokens,
      replicas: replicasOf(parts.session),
      threads: parts.session.settings.intraOpNumThreads,
      prompts: { ...parts.prompts.prompts },
      memoryBytes: parts.memoryBytes,
      vocabSize: parts.tokenizer.vocabSize,
      matryoshkaDimensions: parts.matryoshkaDimensions === null ? null : [...parts.matryoshkaDimensions],
    };
  }

  /** The session pool's replicas, runs in flight, restarts and retries; `undefined` for a single session. */
  sessionStats(): SessionPoolStats | undefined {
    const { session } = this.#parts;
    return isPool(session) ? session.stats() : undefined;
  }

  /**
   * Fault injection: ends replica `index`'s worker thread for real, as a crash would. Its runs are
   * retried on another replica and it restarts in the background. Resolves `false` when the replica
   * was not live or the model runs on a single session.
   */
  async terminateReplica(index: number): Promise<boolean> {
    const { session } = this.#parts;
    return isPool(session) ? session.terminateReplica(index) : false;
  }

  /** Answers from the tokenizer in memory, so it works without a model lease and after `dispose`. */
  idToToken(id: number): string | undefined {
    return this.#parts.tokenizer.idToToken(id);
  }

  async healthCheck(): Promise<HealthStatus> {
    const started = performance.now();
    try {
      const result = await this.embed(['ok']);
      const finite = result.embeddings[0]?.every(Number.isFinite) ?? false;
      return { ok: finite, model: this.id, latencyMs: performance.now() - started };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, model: this.id, latencyMs: performance.now() - started, error: message };
    }
  }

  /** Refuses new calls at once, lets the ones already accepted finish, then frees the session(s). */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await Promise.allSettled([...this.#active]);
    await this.#parts.session.release();
  }

  /** Runs a public call unless disposed, and remembers it until it settles so dispose can wait. */
  #track<T>(call: () => Promise<T>): Promise<T> {
    if (this.#disposed) return Promise.reject(providerDisposed(this.id));
    const promise = call();
    this.#active.add(promise);
    const forget = (): void => {
      this.#active.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }
}

/** The long-input mode of a call; `'chunk'` with `truncate: true` is a contradiction. */
function longInputMode(options: EmbedOptions): LongInputMode {
  const mode = options.longInput ?? 'error';
  if (mode !== 'error' && mode !== 'chunk') throw longInputInvalid(mode);
  if (mode === 'chunk' && options.truncate === true) throw longInputConflict();
  return mode;
}

/** True for `{ tokenIds }` input (texts are an array; anything else fails text validation). */
function isTokenIds(input: EmbedInput): input is { readonly tokenIds: readonly (readonly number[])[] } {
  return typeof input === 'object' && input !== null && !Array.isArray(input) && 'tokenIds' in input;
}

function isPool(session: OnnxSession | SessionPool): session is SessionPool {
  return 'terminateReplica' in session;
}

function replicasOf(session: OnnxSession | SessionPool): number {
  return isPool(session) ? session.replicas : 1;
}
