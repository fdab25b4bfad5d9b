import type { EncodedText } from '@akidb/core';
import { encodeOptionInvalid } from './errors.js';

/** One window of a long input: the special tokens around a slice of its content tokens. */
export interface TokenWindow extends EncodedText {
  /** First content token of the slice (0-based, special tokens not counted). */
  readonly start: number;
  /** One past the last content token of the slice. */
  readonly end: number;
}

/** The pieces {@link planWindows} cuts: content ids and the special tokens every window keeps. */
export interface WindowSource {
  readonly prefix: ArrayLike<number>;
  readonly content: ArrayLike<number>;
  readonly suffix: ArrayLike<number>;
}

/** Options of {@link planWindows}. */
export interface PlanWindowsOptions {
  /** Longest window, special tokens included (the model's max tokens). */
  maxTokens: number;
  /** Content tokens shared by neighbouring windows (default: one eighth of a window's content). */
  overlapTokens?: number;
}

/**
 * Splits a long input into overlapping windows of at most `maxTokens`, each wrapped in the model's
 * special tokens (`[CLS] … [SEP]`), so every window is a well-formed model input. Windows start every
 * `content - overlap` tokens; the last one ends at the end of the text and may be shorter. An input that
 * fits is one window.
 *
 * @example
 * // 600 content tokens, maxTokens 256 (254 content), overlap 31: windows [0,254) [223,477) [446,600)
 * const windows = planWindows({ prefix: [101], content, suffix: [102] }, { maxTokens: 256 });
 */
export function planWindows(source: WindowSource, options: PlanWindowsOptions): TokenWindow[] {
  const specials = source.prefix.length + source.suffix.length;
  const width = options.maxTokens - specials;
  if (!Number.isSafeInteger(options.maxTokens) || width < 1) {
    throw encodeOptionInvalid(
      `maxTokens must leave room for content besides the ${specials} special tokens, got ${options.maxTokens}`,
      { maxTokens: options.maxTokens, specialTokens: specials },
    );
  }
  const overlap = options.overlapTokens ?? Math.floor(width / 8);
  if (!Number.isSafeInteger(overlap) || overlap < 0 || overlap >= width) {
    throw encodeOptionInvalid(`overlapTokens must be a whole number from 0 to ${width - 1}, got ${overlap}`, {
      overlapTokens: overlap,
      max: width - 1,
    });
  }
  const total = source.content.length;
  const stride = width - overlap;
  const windows: TokenWindow[] = [];
  for (let start = 0; ; start += stride) {
    const end = Math.min(start + width, total);
    windows.push(window(source, start, end));
    if (end === total) return windows;
  }
}

function window(source: WindowSource, start: number, end: number): TokenWindow {
  const { prefix, content, suffix } = source;
  const ids = new Int32Array(prefix.length + (end - start) + suffix.length);
  ids.set(prefix, 0);
  for (let i = start; i < end; i++) ids[prefix.length + i - start] = content[i] as number;
  ids.set(suffix, prefix.length + (end - start));
  return { ids, tokenCount: ids.length, start, end };
}
