import type { EncodedText } from '@akidb/core';
import type { TextTokenizer } from '@akidb/tokenization';
import { loadTokenizer, padBatch } from '@akidb/tokenization';
import * as ort from 'onnxruntime-node';
import type { Job } from '../measure/interleave.js';
import type { FeedOrder } from './batching.js';
import { planFeed } from './batching.js';
import type { Contender, ThreadSettings } from './contender.js';
import { meanPoolNormalize } from './cosine.js';

/** Where the model is and how it is cut. */
export interface BareOrtModel {
  modelPath: string;
  tokenizerDir: string;
  maxTokens: number;
  dimension: number;
}

type Feed = Record<string, ort.Tensor>;

/**
 * The ceiling: a bare `InferenceSession.run` on tensors tokenized and padded ahead of time, so the
 * timed job is inference only, with no tokenization and no pooling.
 */
export class BareOrtContender implements Contender {
  readonly id = 'bareOrt' as const;
  readonly #session: ort.InferenceSession;
  readonly #tokenizer: TextTokenizer;
  readonly #model: BareOrtModel;

  private constructor(session: ort.InferenceSession, tokenizer: TextTokenizer, model: BareOrtModel) {
    this.#session = session;
    this.#tokenizer = tokenizer;
    this.#model = model;
  }

  /** Opens the model with the same thread and optimisation settings ours uses. */
  static async load(model: BareOrtModel, threads: ThreadSettings): Promise<BareOrtContender> {
    const [session, tokenizer] = await Promise.all([
      ort.InferenceSession.create(model.modelPath, {
        ...threads,
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        executionProviders: ['cpu'],
      }),
      loadTokenizer(model.tokenizerDir, { modelMaxLength: model.maxTokens }),
    ]);
    return new BareOrtContender(session, tokenizer, model);
  }

  /** Token counts (special tokens included, truncated like ours) of `texts`. */
  tokenCounts(texts: readonly string[]): number[] {
    return this.#encode(texts).map((encoded) => encoded.tokenCount);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const encoded = this.#encode(texts);
    const vectors: Float32Array[] = new Array(texts.length);
    for (const positions of planFeed(
      encoded.map((e) => e.tokenCount),
      32,
      'arrival',
    )) {
      const rows = positions.map((position) => encoded[position] as EncodedText);
      const feed = this.#feed(rows);
      const mask = feed.attention_mask?.data as BigInt64Array;
      const [batchSize, seqLength] = (feed.input_ids as ort.Tensor).dims as [number, number];
      const output = await this.#session.run(feed);
      const hidden = (output.last_hidden_state ?? Object.values(output)[0]) as ort.Tensor;
      const pooled = meanPoolNormalize(
        hidden.data as Float32Array,
        mask,
        batchSize,
        seqLength,
        this.#model.dimension,
      );
      positions.forEach((position, row) => {
        vectors[position] = pooled[row] as Float32Array;
      });
    }
    return vectors;
  }

  async batchJob(texts: readonly string[]): Promise<Job> {
    return this.#job([this.#feed(this.#encode(texts))]);
  }

  async corpusJob(texts: readonly string[]): Promise<Job> {
    return this.feedJob(texts, 'arrival');
  }

  /** The corpus in batches of 32, in arrival order (naive) or longest first, tensors built ahead. */
  feedJob(texts: readonly string[], order: FeedOrder): Job {
    const encoded = this.#encode(texts);
    const batches = planFeed(
      encoded.map((e) => e.tokenCount),
      32,
      order,
    );
    return this.#job(batches.map((positions) => this.#feed(positions.map((p) => encoded[p] as EncodedText))));
  }

  /** Builds the tensors of one batch the way ours does (same tokenizer, same padding). */
  buildFeed(rows: readonly EncodedText[]): Feed {
    return this.#feed(rows);
  }

  /** Tokenizes like ours (prompt-free, truncated to the manifest's max tokens). */
  encode(texts: readonly string[]): EncodedText[] {
    return this.#encode(texts);
  }

  async dispose(): Promise<void> {
    await this.#session.release();
  }

  #encode(texts: readonly string[]): EncodedText[] {
    return texts.map((text) => this.#tokenizer.encode(text, { maxTokens: this.#model.maxTokens }));
  }

  #feed(rows: readonly EncodedText[]): Feed {
    const names = this.#session.inputNames;
    const padded = padBatch(rows, {
      paddingSide: this.#tokenizer.paddingSide,
      padTokenId: this.#tokenizer.padTokenId,
      withTokenTypeIds: names.includes('token_type_ids'),
    });
    const dims = [padded.batchSize, padded.seqLength];
    const feed: Feed = {
      input_ids: new ort.Tensor('int64', padded.inputIds, dims),
      attention_mask: new ort.Tensor('int64', padded.attentionMask, dims),
    };
    if (padded.tokenTypeIds) feed.token_type_ids = new ort.Tensor('int64', padded.tokenTypeIds, dims);
    return feed;
  }

  #job(feeds: readonly Feed[]): Job {
    return async () => {
      const started = performance.now();
      for (const feed of feeds) await this.#session.run(feed);
      return performance.now() - started;
    };
  }
}
