import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenizer } from './createTokenizer.js';
import { byteLevelTokenizerJson } from './testing/byteLevelTokenizerJson.js';
import { unigramTokenizerJson } from './testing/unigramTokenizerJson.js';
import type { TextTokenizer } from './textTokenizer.js';

const hub = fileURLToPath(new URL('../../../../shared/hub-metadata', import.meta.url));

const tokenizers: Record<string, TextTokenizer> = {};
beforeAll(async () => {
  const bert = JSON.parse(await readFile(join(hub, 'all-MiniLM-L6-v2', 'tokenizer.json'), 'utf8')) as unknown;
  tokenizers.wordpiece = createTokenizer(bert, {});
  tokenizers.bytelevel = createTokenizer(byteLevelTokenizerJson(), {});
  tokenizers.unigram = createTokenizer(unigramTokenizerJson(), {});
});

// Fragments are glued without separators, so words run together, spaces come in runs, and some
// stretches have no space at all: every kind of place a window cut could land.
const FRAGMENTS = [
  'the',
  'weather',
  'in',
  'north',
  'sword',
  "don't",
  '123',
  '.',
  ',',
  '!',
  ' ',
  ' ',
  ' ',
  ' ',
  '  ',
  '\n',
  '\t',
  '\r\n',
  '\u00a0',
  '\u3000',
  '東京',
  '😀',
  'é',
  'e\u0301',
  'ＡＢＣ',
  'ﬁ',
  '[SEP]',
  '<s>',
  '</s>',
  'x'.repeat(120),
  '-'.repeat(40),
];
const longText = fc
  .array(fc.constantFrom(...FRAGMENTS), { minLength: 0, maxLength: 900 })
  .map((parts) => parts.join(''));

/** Special tokens before the content: `[CLS]`, `<s>`, none for the T5-like layout. */
const PREFIX_LENGTH: Record<string, number> = { wordpiece: 1, bytelevel: 1, unigram: 0 };

/** The reference: encode everything, then cut the content as Hugging Face does. */
function reference(name: string, text: string, maxTokens: number, direction: 'left' | 'right'): number[] {
  const tokenizer = tokenizers[name] as TextTokenizer;
  const full = Array.from(
    tokenizer.encode(text, { maxTokens: Number.MAX_SAFE_INTEGER, truncate: false }).ids,
  );
  const prefixLength = PREFIX_LENGTH[name] as number;
  const suffixLength = tokenizer.specialTokenCount - prefixLength;
  const prefix = full.slice(0, prefixLength);
  const suffix = full.slice(full.length - suffixLength);
  const content = full.slice(prefixLength, full.length - suffixLength);
  const limit = maxTokens - tokenizer.specialTokenCount;
  const kept =
    content.length <= limit
      ? content
      : direction === 'right'
        ? content.slice(0, limit)
        : content.slice(content.length - limit);
  return [...prefix, ...kept, ...suffix];
}

describe('truncating long texts from a window of the text', () => {
  it.each(['wordpiece', 'bytelevel', 'unigram'])('gives the same ids as encoding everything (%s)', (name) => {
    const tokenizer = tokenizers[name] as TextTokenizer;
    fc.assert(
      fc.property(
        longText,
        fc.integer({ min: 2, max: 120 }),
        fc.constantFrom('left' as const, 'right' as const),
        (text, maxTokens, direction) => {
          const got = Array.from(tokenizer.encode(text, { maxTokens, direction }).ids);
          expect(got).toEqual(reference(name, text, maxTokens, direction));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the same ids for a document of many thousand tokens', () => {
    const tokenizer = tokenizers.wordpiece as TextTokenizer;
    const text = 'Embeddings map text to vectors; similar meanings land close together. '.repeat(2000);
    for (const direction of ['left', 'right'] as const) {
      expect(Array.from(tokenizer.encode(text, { maxTokens: 512, direction }).ids)).toEqual(
        reference('wordpiece', text, 512, direction),
      );
    }
  });
});
