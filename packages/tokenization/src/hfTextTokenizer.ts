import type { EncodedText, PaddingSide, TruncationDirection } from '@akidb/core';
import type { Tokenizer } from '@huggingface/tokenizers';
import { allContentIds, truncatedContentIds } from './contentIds.js';
import { encodeOptionInvalid, encodingCancelled, inputTooLong, textNotString } from './errors.js';
import type { TokenWindow } from './planWindows.js';
import { planWindows } from './planWindows.js';
import type { SpecialTokenLayout } from './specialTokenLayout.js';
import type {
  DecodeOptions,
  EncodeBatchOptions,
  EncodeOptions,
  EncodeWindowsOptions,
  TextTokenizer,
} from './textTokenizer.js';

const DEFAULT_SLICE_MS = 2;

/** What {@link HfTextTokenizer} is built from; `createTokenizer` works these out. */
export interface HfTextTokenizerParts {
  tokenizer: Tokenizer;
  layout: SpecialTokenLayout;
  modelMaxLength: number | undefined;
  paddingSide: PaddingSide;
  padTokenId: number;
  vocabSize: number;
}

interface ResolvedEncodeOptions {
  maxTokens: number;
  truncate: boolean;
  direction: TruncationDirection;
}

/** {@link TextTokenizer} on `@huggingface/tokenizers`, with truncation done here. */
export class HfTextTokenizer implements TextTokenizer {
  readonly modelMaxLength: number | undefined;
  readonly paddingSide: PaddingSide;
  readonly padTokenId: number;
  readonly vocabSize: number;
  readonly specialTokenCount: number;
  readonly #tokenizer: Tokenizer;
  readonly #layout: SpecialTokenLayout;

  constructor(parts: HfTextTokenizerParts) {
    this.#tokenizer = parts.tokenizer;
    this.#layout = parts.layout;
    this.modelMaxLength = parts.modelMaxLength;
    this.paddingSide = parts.paddingSide;
    this.padTokenId = parts.padTokenId;
    this.vocabSize = parts.vocabSize;
    this.specialTokenCount = parts.layout.prefix.length + parts.layout.suffix.length;
  }

  encode(text: string, options: EncodeOptions = {}): EncodedText {
    return this.#encodeOne(text, this.#resolve(options), undefined);
  }

  async encodeBatch(texts: readonly string[], options: EncodeBatchOptions = {}): Promise<EncodedText[]> {
    const resolved = this.#resolve(options);
    const { signal } = options;
    const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    const out: EncodedText[] = [];
    let sliceStart = performance.now();
    for (let index = 0; index < texts.length; index++) {
      if (performance.now() - sliceStart >= sliceMs) {
        await new Promise(setImmediate);
        sliceStart = performance.now();
      }
      if (signal?.aborted) throw encodingCancelled(signal.reason);
      out.push(this.#encodeOne(texts[index] as string, resolved, index));
    }
    return out;
  }

  encodeWindows(text: string, options: EncodeWindowsOptions = {}): TokenWindow[] {
    if (typeof text !== 'string') throw textNotString();
    const maxTokens = options.maxTokens ?? this.modelMaxLength;
    if (maxTokens === undefined) {
      throw encodeOptionInvalid('encodeWindows needs maxTokens: the tokenizer config sets no max length', {});
    }
    const { prefix, suffix } = this.#layout;
    return planWindows(
      { prefix, content: allContentIds(this.#tokenizer, text), suffix },
      { maxTokens, ...(options.overlapTokens === undefined ? {} : { overlapTokens: options.overlapTokens }) },
    );
  }

  countTokens(text: string): number {
    if (typeof text !== 'string') throw textNotString();
    return allContentIds(this.#tokenizer, text).length + this.specialTokenCount;
  }

  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    if (ids.length === 0) return '';
    return this.#tokenizer.decode(Array.from(ids), {
      skip_special_tokens: options.skipSpecialTokens ?? false,
    });
  }

  idToToken(id: number): string | undefined {
    return this.#tokenizer.id_to_token(id);
  }

  #resolve(options: EncodeOptions): ResolvedEncodeOptions {
    const maxTokens = options.maxTokens ?? this.modelMaxLength ?? Number.POSITIVE_INFINITY;
    const valid = maxTokens === Number.POSITIVE_INFINITY || Number.isSafeInteger(maxTokens);
    if (!valid || maxTokens < this.specialTokenCount) {
      throw encodeOptionInvalid(
        `maxTokens must be a whole number of at least ${this.specialTokenCount} (the special tokens), got ${maxTokens}`,
        { maxTokens, min: this.specialTokenCount },
      );
    }
    const direction = options.direction ?? 'right';
    if (direction !== 'right' && direction !== 'left') {
      throw encodeOptionInvalid(`direction must be 'left' or 'right', got ${String(direction)}`, {
        direction: String(direction),
      });
    }
    return { maxTokens, truncate: options.truncate ?? true, direction };
  }

  #encodeOne(text: string, options: ResolvedEncodeOptions, index: number | undefined): EncodedText {
    if (typeof text !== 'string') throw textNotString(index);
    const limit = options.maxTokens - this.specialTokenCount;
    let content: number[];
    if (options.truncate) {
      content = truncatedContentIds(this.#tokenizer, text, limit, options.direction);
    } else {
      content = allContentIds(this.#tokenizer, text);
      if (content.length > limit) {
        throw inputTooLong(content.length + this.specialTokenCount, options.maxTokens, index);
      }
    }
    const { prefix, suffix } = this.#layout;
    const ids = new Int32Array(prefix.length + content.length + suffix.length);
    ids.set(prefix, 0);
    ids.set(content, prefix.length);
    ids.set(suffix, prefix.length + content.length);
    return { ids, tokenCount: ids.length };
  }
}
