import type {
  EmbeddingProvider,
  EmbeddingResult,
  EmbedOptions,
  EncodedText,
  HealthStatus,
  ModelInfo,
  PaddingSide,
  PoolingStrategy,
} from '@akidb/core';
import { AkidbError } from '@akidb/core';
import { pool } from '@akidb/pooling';
import type { OnnxSession } from '@akidb/session';
import type { TextTokenizer } from '@akidb/tokenization';
import { padBatch } from '@akidb/tokenization';
import { applyOutputOptions } from './applyOutputOptions.js';
import { planBatches } from './batchPlan.js';
import { checkModelDimensions } from './checkModelDimensions.js';
import { providerDisposed } from './errors.js';
import type { PromptConfig } from './resolvePrompt.js';
import { resolvePrompt } from './resolvePrompt.js';
import { SerialQueue } from './serialQueue.js';
import { validateTexts } from './validateTexts.js';

/** Everything an ONNX pipeline is assembled from (see `loadOnnxEmbeddingProvider`). */
export interface OnnxPipelineParts {
  id: string;
  session: OnnxSession;
  tokenizer: TextTokenizer;
  pooling: PoolingStrategy;
  paddingSide: PaddingSide;
  maxTokens: number;
  prompts: PromptConfig;
  /** Matryoshka sizes the model was trained for; `null` allows any size up to the dimension. */
  matryoshkaDimensions: readonly number[] | null;
  maxBatchSize: number;
  memoryBytes: number;
}

/**
 * The single-model pipeline: tokenize (truncating, keeping special tokens), sort by length,
 * batch, pad to the longest in each batch, run ONNX Runtime, pool, normalise.
 * Inference calls on one model are serialised, so concurrent callers never oversubscribe cores.
 */
export class OnnxEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly #parts: OnnxPipelineParts;
  readonly #queue = new SerialQueue();
  readonly #active = new Set<Promise<unknown>>();
  #disposed = false;

  constructor(parts: OnnxPipelineParts) {
    this.id = parts.id;
    this.#parts = parts;
  }

  embed(texts: readonly string[], options: EmbedOptions = {}): Promise<EmbeddingResult> {
    return this.#track(async () => {
      const started = performance.now();
      const encoded = await this.#encode(texts, options);
      const tokenizeMs = performance.now() - started;
      const result = await this.#embedEncoded(encoded, options);
      result.timings.tokenizeMs = tokenizeMs;
      return result;
    });
  }

  encode(texts: readonly string[], options: EmbedOptions = {}): Promise<EncodedText[]> {
    return this.#track(() => this.#encode(texts, options));
  }

  embedEncoded(inputs: readonly EncodedText[], options: EmbedOptions = {}): Promise<EmbeddingResult> {
    return this.#track(() => this.#embedEncoded(inputs, options));
  }

  async #encode(texts: readonly string[], options: EmbedOptions): Promise<EncodedText[]> {
    validateTexts(texts);
    const prompt = resolvePrompt(this.#parts.prompts, options);
    const inputs = prompt ? texts.map((text) => prompt + text) : texts;
    return this.#parts.tokenizer.encodeBatch(inputs, {
      maxTokens: this.#parts.maxTokens,
      truncate: options.truncate ?? true,
      direction: options.truncationDirection ?? 'right',
      signal: options.signal,
    });
  }

  async #embedEncoded(inputs: readonly EncodedText[], options: EmbedOptions): Promise<EmbeddingResult> {
    const dimension = this.#parts.session.hiddenSize;
    if (options.dimensions !== undefined) {
      const model = { id: this.id, dimension, matryoshkaDimensions: this.#parts.matryoshkaDimensions };
      checkModelDimensions(model, options.dimensions);
    }
    const vectors: Float32Array[] = new Array(inputs.length);
    let inferenceMs = 0;
    let poolingMs = 0;
    for (const batch of planBatches(inputs, this.#parts.maxBatchSize)) {
      if (options.signal?.aborted) throw cancelled(this.id);
      const rows = batch.indices.map((index) => inputs[index] as EncodedText);
      const padded = padBatch(rows, {
        paddingSide: this.#parts.paddingSide,
        padTokenId: this.#parts.tokenizer.padTokenId,
        withTokenTypeIds: this.#parts.session.takesTokenTypeIds,
      });
      const inferStart = performance.now();
      const output = await this.#queue.run(() => this.#parts.session.runEncoder(padded));
      const poolStart = performance.now();
      inferenceMs += poolStart - inferStart;
      const pooled =
        output.outputKind === 'pooled'
          ? output.data
          : pool(this.#parts.pooling, output.data, {
              batchSize: padded.batchSize,
              seqLength: padded.seqLength,
              hiddenSize: dimension,
              attentionMask: padded.attentionMask,
            });
      for (let row = 0; row < batch.indices.length; row++) {
        vectors[batch.indices[row] as number] = pooled.subarray(row * dimension, (row + 1) * dimension);
      }
      poolingMs += performance.now() - poolStart;
    }
    const outputOptions = { normalize: options.normalize ?? true, ...pickDimensions(options) };
    const embeddings = applyOutputOptions(vectors, outputOptions);
    let tokens = 0;
    for (const input of inputs) tokens += input.tokenCount;
    return {
      model: this.id,
      dimension: embeddings[0]?.length ?? dimension,
      embeddings,
      usage: { promptTokens: tokens, totalTokens: tokens },
      timings: { tokenizeMs: 0, inferenceMs, poolingMs },
    };
  }

  modelInfo(): ModelInfo {
    const parts = this.#parts;
    return {
      id: parts.id,
      dimension: parts.session.hiddenSize,
      maxTokens: parts.maxTokens,
      pooling: parts.pooling,
      executionProvider: parts.session.executionProvider,
      maxBatchSize: parts.maxBatchSize,
      prompts: { ...parts.prompts.prompts },
      memoryBytes: parts.memoryBytes,
      vocabSize: parts.tokenizer.vocabSize,
      matryoshkaDimensions: parts.matryoshkaDimensions === null ? null : [...parts.matryoshkaDimensions],
    };
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

  /** Refuses new calls at once, lets the ones already started finish, then frees the session. */
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

function pickDimensions(options: EmbedOptions): { dimensions?: number } {
  return options.dimensions === undefined ? {} : { dimensions: options.dimensions };
}

function cancelled(id: string): AkidbError {
  return new AkidbError('CANCELLED', `Request for "${id}" was cancelled`, { details: { model: id } });
}
