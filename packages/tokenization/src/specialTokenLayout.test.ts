import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAkidbError } from '@akidb/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenizer } from './createTokenizer.js';
import { byteLevelTokenizerJson } from './testing/byteLevelTokenizerJson.js';
import type { TextTokenizer } from './textTokenizer.js';

const hub = fileURLToPath(new URL('../../../../shared/hub-metadata', import.meta.url));
const FOX = 'The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs!';
const FOX_CONTENT = [
  1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012, 5308, 2026, 3482, 2007, 2274, 6474, 13207,
  26536, 2015, 999,
];

let bertJson: Record<string, unknown>;
beforeAll(async () => {
  const text = await readFile(join(hub, 'all-MiniLM-L6-v2', 'tokenizer.json'), 'utf8');
  bertJson = JSON.parse(text) as Record<string, unknown>;
});

function withPostProcessor(postProcessor: unknown): TextTokenizer {
  return createTokenizer({ ...bertJson, post_processor: postProcessor });
}

const special = (id: string, ids: number[]) => ({ [id]: { id, ids, tokens: [id] } });
const PREFIX_ONLY = {
  type: 'TemplateProcessing',
  single: [
    { SpecialToken: { id: '[CLS]', type_id: 0 } },
    { SpecialToken: { id: '[MASK]', type_id: 0 } },
    { Sequence: { id: 'A', type_id: 0 } },
  ],
  pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
  special_tokens: { ...special('[CLS]', [101]), ...special('[MASK]', [103]) },
};
const SUFFIX_ONLY = {
  type: 'TemplateProcessing',
  single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
  pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
  special_tokens: special('[SEP]', [102]),
};
const ROBERTA = {
  type: 'RobertaProcessing',
  sep: ['[SEP]', 102],
  cls: ['[MASK]', 103],
  trim_offsets: true,
  add_prefix_space: false,
};

// Expected ids: Python `tokenizers` 0.23.3 with the same post-processor swapped into tokenizer.json,
// untruncated and with enable_truncation(max_length=7, direction=...).
describe('special-token layout learned from the post-processor', () => {
  it.each([
    [
      'two-token prefix',
      PREFIX_ONLY,
      [101, 103],
      [],
      [101, 103, 1996, 4248, 2829, 4419, 14523],
      [101, 103, 6474, 13207, 26536, 2015, 999],
    ],
    [
      'suffix only',
      SUFFIX_ONLY,
      [],
      [102],
      [1996, 4248, 2829, 4419, 14523, 2058, 102],
      [2274, 6474, 13207, 26536, 2015, 999, 102],
    ],
    [
      'RobertaProcessing',
      ROBERTA,
      [103],
      [102],
      [103, 1996, 4248, 2829, 4419, 14523, 102],
      [103, 6474, 13207, 26536, 2015, 999, 102],
    ],
  ])('%s', (_name, postProcessor, prefix, suffix, right, left) => {
    const tokenizer = withPostProcessor(postProcessor);
    expect(tokenizer.specialTokenCount).toBe(prefix.length + suffix.length);
    expect(Array.from(tokenizer.encode(FOX).ids)).toEqual([...prefix, ...FOX_CONTENT, ...suffix]);
    expect(Array.from(tokenizer.encode(FOX, { maxTokens: 7 }).ids)).toEqual(right);
    expect(Array.from(tokenizer.encode(FOX, { maxTokens: 7, direction: 'left' }).ids)).toEqual(left);
  });

  it('handles a tokenizer with no post-processor: no special tokens at all', () => {
    const tokenizer = withPostProcessor(null);
    expect(tokenizer.specialTokenCount).toBe(0);
    expect(Array.from(tokenizer.encode(FOX, { maxTokens: 3 }).ids)).toEqual([1996, 4248, 2829]);
    expect(tokenizer.encode('', { maxTokens: 3 }).tokenCount).toBe(0);
  });
});

// Expected ids: Python `tokenizers` 0.23.3 loading the same JSON.
describe('a byte-level BPE tokenizer with RoBERTa special tokens', () => {
  const tokenizer = createTokenizer(byteLevelTokenizerJson(), { pad_token: '<pad>', padding_side: 'left' });

  it('learns <s> ... </s> and reads its pad token and side', () => {
    expect(tokenizer.specialTokenCount).toBe(2);
    expect(tokenizer.padTokenId).toBe(268);
    expect(tokenizer.paddingSide).toBe('left');
    expect(tokenizer.vocabSize).toBe(269);
  });

  it.each([
    [
      'the weather in the north',
      [266, 116, 257, 263, 101, 97, 116, 257, 114, 32, 259, 258, 32, 110, 264, 116, 104, 267],
    ],
    [
      'Hello  world\n  the end ',
      [266, 72, 101, 108, 108, 111, 32, 263, 264, 108, 100, 10, 32, 258, 32, 101, 110, 100, 32, 267],
    ],
    [
      'héllo 東京 😀',
      [266, 104, 195, 169, 108, 108, 111, 32, 230, 157, 177, 228, 186, 172, 32, 240, 159, 152, 128, 267],
    ],
    ['', [266, 267]],
  ])('encodes %j like Python tokenizers', (text, expected) => {
    expect(Array.from(tokenizer.encode(text).ids)).toEqual(expected);
  });

  it('keeps <s> and </s> when truncating, as Python tokenizers does', () => {
    const text = 'the weather in the north';
    expect(Array.from(tokenizer.encode(text, { maxTokens: 5 }).ids)).toEqual([266, 116, 257, 263, 267]);
    expect(Array.from(tokenizer.encode(text, { maxTokens: 5, direction: 'left' }).ids)).toEqual([
      266, 264, 116, 104, 267,
    ]);
  });

  it('decodes bytes back to text', () => {
    expect(tokenizer.decode(tokenizer.encode('héllo the 東京').ids, { skipSpecialTokens: true })).toBe(
      'héllo the 東京',
    );
  });
});

describe('post-processors that do more than wrap the text', () => {
  it('are rejected with TOKENIZER_INVALID', () => {
    const inserting = {
      type: 'TemplateProcessing',
      single: [
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
      ],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: special('[SEP]', [102]),
    };
    let error: unknown;
    try {
      withPostProcessor(inserting);
    } catch (caught) {
      error = caught;
    }
    expect(isAkidbError(error, 'TOKENIZER_INVALID')).toBe(true);
  });
});
