import type { Tokenizer } from '@huggingface/tokenizers';
import { tokenizerInvalid } from './errors.js';

/** The special tokens the post-processor puts around a single sequence: `prefix` + content + `suffix`. */
export interface SpecialTokenLayout {
  readonly prefix: Int32Array;
  readonly suffix: Int32Array;
}

const PROBES = ['hello world', 'The quick brown fox, 42 times.'];

/**
 * Learns the special-token layout from the tokenizer itself: each probe is encoded with and without
 * special tokens and the content is located inside the full encoding. BERT gives `[CLS]` / `[SEP]`,
 * RoBERTa and MPNet `<s>` / `</s>`, many decoder models a prefix or a suffix only, some nothing.
 * Throws `TOKENIZER_INVALID` when the post-processor does anything but wrap the content.
 */
export function deriveSpecialTokenLayout(tokenizer: Tokenizer): SpecialTokenLayout {
  let layout: SpecialTokenLayout | undefined;
  for (const probe of PROBES) {
    const content: number[] = tokenizer.encode(probe, { add_special_tokens: false }).ids;
    const full: number[] = tokenizer.encode(probe, { add_special_tokens: true }).ids;
    const at = content.length === 0 ? -1 : indexOfRun(full, content);
    if (at < 0) {
      throw tokenizerInvalid(
        'tokenizer.json',
        'has a post-processor that does not wrap the text in special tokens',
      );
    }
    const found = {
      prefix: Int32Array.from(full.slice(0, at)),
      suffix: Int32Array.from(full.slice(at + content.length)),
    };
    if (layout && !(sameIds(layout.prefix, found.prefix) && sameIds(layout.suffix, found.suffix))) {
      throw tokenizerInvalid('tokenizer.json', 'adds different special tokens to different texts');
    }
    layout = found;
  }
  return layout as SpecialTokenLayout;
}

/**
 * The layout with `token` as the last special token: unchanged when the suffix already ends with it
 * (a tokenizer.json whose post-processor appends it), otherwise appended. Throws `TOKENIZER_INVALID`
 * when the vocabulary has no such token.
 */
export function appendToLayout(
  layout: SpecialTokenLayout,
  tokenizer: Tokenizer,
  token: string | undefined,
): SpecialTokenLayout {
  if (token === undefined) return layout;
  const id: number | undefined = tokenizer.token_to_id(token);
  if (id === undefined || id === null) {
    throw tokenizerInvalid('tokenizer.json', `has no token ${JSON.stringify(token)} to append`);
  }
  if (layout.suffix.at(-1) === id) return layout;
  return { prefix: layout.prefix, suffix: Int32Array.from([...layout.suffix, id]) };
}

function indexOfRun(haystack: readonly number[], needle: readonly number[]): number {
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let i = 0; i < needle.length; i++) {
      if (haystack[start + i] !== needle[i]) continue outer;
    }
    return start;
  }
  return -1;
}

function sameIds(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
