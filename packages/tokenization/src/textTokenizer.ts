import type { EncodedText, PaddingSide, TruncationDirection } from '@akidb/core';
import type { TokenWindow } from './planWindows.js';

/** Options for {@link TextTokenizer.encode}. */
export interface EncodeOptions {
  /**
   * Most tokens in the result, special tokens included. Defaults to the tokenizer's
   * `modelMaxLength`; with neither, inputs are never cut.
   */
  maxTokens?: number | undefined;
  /** Cut inputs longer than `maxTokens` (default `true`); when `false` they throw `INPUT_TOO_LONG`. */
  truncate?: boolean | undefined;
  /** `'right'` (default) keeps the start of the text, `'left'` keeps its end. */
  direction?: TruncationDirection | undefined;
}

/** Options for {@link TextTokenizer.encodeBatch}. */
export interface EncodeBatchOptions extends EncodeOptions {
  /** Stop between texts with `CANCELLED` once aborted. */
  signal?: AbortSignal | undefined;
  /**
   * Longest synchronous run in milliseconds before yielding to the event loop (default 2). A slice
   * ends after the text that crosses it, so a slice lasts at most this plus one text.
   */
  sliceMs?: number | undefined;
}

/** Options for {@link TextTokenizer.encodeWindows}. */
export interface EncodeWindowsOptions {
  /** Longest window, special tokens included; defaults to `modelMaxLength`. */
  maxTokens?: number | undefined;
  /** Content tokens shared by neighbouring windows (default: one eighth of a window's content). */
  overlapTokens?: number | undefined;
}

/** Options for {@link TextTokenizer.decode}. */
export interface DecodeOptions {
  /** Leave special tokens (`[CLS]`, `<s>`, ...) out of the text (default `false`). */
  skipSpecialTokens?: boolean | undefined;
}

/**
 * A tokenizer for embedding models: truncation keeps the special tokens the model was trained with,
 * exactly as Hugging Face `tokenizers` does. Made by `loadTokenizer` or `createTokenizer`.
 */
export interface TextTokenizer {
  /** Longest input the model takes (special tokens included), or `undefined` when the config sets none. */
  readonly modelMaxLength: number | undefined;
  /** Which side `padBatch` should pad, from `tokenizer_config.json` (default `'right'`). */
  readonly paddingSide: PaddingSide;
  /** The id padded positions carry. */
  readonly padTokenId: number;
  /** Vocabulary size, added tokens included. */
  readonly vocabSize: number;
  /** How many special tokens every encoding carries (2 for BERT's `[CLS]` ... `[SEP]`). */
  readonly specialTokenCount: number;
  /**
   * Tokenizes one text, special tokens included, truncated to `maxTokens`.
   *
   * @example
   * tokenizer.encode('Hello world').ids; // Int32Array [101, 7592, 2088, 102] for BERT uncased
   * tokenizer.encode(longText, { maxTokens: 128, direction: 'left' }).tokenCount; // 128
   */
  encode(text: string, options?: EncodeOptions): EncodedText;
  /**
   * Tokenizes many texts in order, yielding to the event loop between slices of about `sliceMs`,
   * so a large batch never blocks other requests for long.
   */
  encodeBatch(texts: readonly string[], options?: EncodeBatchOptions): Promise<EncodedText[]>;
  /**
   * Tokenizes a text of any length into overlapping windows of at most `maxTokens`, each wrapped in the
   * special tokens (see `planWindows`). A text that fits is one window, equal to `encode(text)`.
   *
   * @example
   * tokenizer.encodeWindows(longText, { maxTokens: 256 }).map((w) => [w.start, w.end]); // [[0,254],[223,477],…]
   */
  encodeWindows(text: string, options?: EncodeWindowsOptions): TokenWindow[];
  /** Tokens `text` has untruncated, special tokens included. */
  countTokens(text: string): number;
  /**
   * Turns ids back into text.
   *
   * @example
   * tokenizer.decode([101, 7592, 2088, 102], { skipSpecialTokens: true }); // 'hello world'
   */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string;
  /** The vocabulary entry of one id, or `undefined` when the id is out of range. */
  idToToken(id: number): string | undefined;
}
