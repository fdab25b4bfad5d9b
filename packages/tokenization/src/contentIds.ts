import type { TruncationDirection } from '@akidb/core';
import type { Tokenizer } from '@huggingface/tokenizers';

/**
 * Tokens kept in reserve at the cut of a partial text. Only tokens at least this far from the cut
 * are used, so a boundary effect of the cut can never reach them.
 */
const CUT_MARGIN_TOKENS = 32;
/** First guess of characters per token when sizing a partial text; the window doubles when short. */
const CHARS_PER_TOKEN_GUESS = 6;

/** The content token ids of `text`: no special tokens, no truncation. */
export function allContentIds(tokenizer: Tokenizer, text: string): number[] {
  return tokenizer.encode(text, { add_special_tokens: false }).ids;
}

/**
 * The content token ids of `text` cut to at most `limit` tokens, keeping the start (`'right'`
 * truncation) or the end (`'left'`). Equal to encoding the whole text and slicing, but a text far
 * longer than `limit` tokens is only tokenized in part: a window of whole words at the kept end,
 * grown until it yields `limit` tokens plus a safety margin. Windows are cut at a space, the way
 * pre-tokenizers split (a right window ends with a word; a left window starts with the one space
 * before a word, which byte-level BPE and Metaspace fold into the word), so the kept tokens are
 * exactly those of the full text. A text with no usable space is tokenized in full.
 */
export function truncatedContentIds(
  tokenizer: Tokenizer,
  text: string,
  limit: number,
  direction: TruncationDirection,
): number[] {
  if (limit === 0) return [];
  const needed = limit + CUT_MARGIN_TOKENS;
  for (let window = needed * CHARS_PER_TOKEN_GUESS; window < text.length; window *= 2) {
    const part = direction === 'right' ? headAtWordEnd(text, window) : tailAtWordStart(text, window);
    if (part === undefined) continue;
    const ids = allContentIds(tokenizer, part);
    if (ids.length >= needed) return keep(ids, limit, direction);
  }
  return keep(allContentIds(tokenizer, text), limit, direction);
}

function keep(ids: number[], limit: number, direction: TruncationDirection): number[] {
  if (ids.length <= limit) return ids;
  return direction === 'right' ? ids.slice(0, limit) : ids.slice(ids.length - limit);
}

const SPACE = 0x20;

/** The longest head of at most `window` chars that ends with a word followed by a space. */
function headAtWordEnd(text: string, window: number): string | undefined {
  for (let cut = window; cut > 0; cut--) {
    if (text.charCodeAt(cut) === SPACE && !isAsciiSpace(text.charCodeAt(cut - 1))) return text.slice(0, cut);
  }
  return undefined;
}

/** The longest tail of at most `window` chars that starts with one space followed by a word. */
function tailAtWordStart(text: string, window: number): string | undefined {
  for (let start = text.length - window; start < text.length - 1; start++) {
    if (text.charCodeAt(start) === SPACE && !isAsciiSpace(text.charCodeAt(start + 1)))
      return text.slice(start);
  }
  return undefined;
}

/**
 * Windows are cut at a plain space only: BERT, byte-level and Metaspace pre-tokenizers all split
 * there, whereas tabs and newlines are not word boundaries for Metaspace. The neighbour of the cut
 * must not be any ASCII whitespace, so runs of whitespace are never split.
 */
function isAsciiSpace(code: number): boolean {
  return code === SPACE || (code >= 0x09 && code <= 0x0d);
}
