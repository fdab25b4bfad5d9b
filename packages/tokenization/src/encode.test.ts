import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAkidbError } from '@akidb/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from './loadTokenizer.js';
import type { TextTokenizer } from './textTokenizer.js';

const hub = fileURLToPath(new URL('../../../../shared/hub-metadata', import.meta.url));

let tokenizer: TextTokenizer;
beforeAll(async () => {
  tokenizer = await loadTokenizer(join(hub, 'all-MiniLM-L6-v2'));
});

const ids = (text: string, options?: Parameters<TextTokenizer['encode']>[1]): number[] =>
  Array.from(tokenizer.encode(text, options).ids);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

// Every expected id list below was produced by Python `tokenizers` 0.23.3 from the same
// tokenizer.json (`Tokenizer.from_file(...)`, `no_truncation()`, `no_padding()`).
const PYTHON_REFERENCE: [string, string, number[]][] = [
  ['plain', 'Hello world', [101, 7592, 2088, 102]],
  ['empty', '', [101, 102]],
  [
    'lowercase, accents stripped',
    'The Café served crème brûlée.',
    [101, 1996, 7668, 2366, 13675, 21382, 7987, 9307, 2063, 1012, 102],
  ],
  ['upper-case accented letters', 'ÀÉÎÕÜ ñ ß', [101, 29347, 3695, 2226, 1050, 1096, 102]],
  ['combining accents', 'e\u0301te\u0301', [101, 3802, 2063, 102]],
  [
    'CJK split per character',
    'I love 東京 and 北京!',
    [101, 1045, 2293, 1879, 1755, 1998, 1781, 1755, 999, 102],
  ],
  [
    'emoji become [UNK]',
    'Emoji test 😀 and 🚀 rocket',
    [101, 7861, 29147, 2072, 3231, 100, 1998, 100, 7596, 102],
  ],
  ['word pieces', 'unbelievable internationalization', [101, 23653, 2248, 3989, 102]],
  [
    'whitespace runs, tabs, newlines',
    '  multiple   spaces\tand\nnewlines  ',
    [101, 3674, 7258, 1998, 2047, 12735, 102],
  ],
  [
    'special tokens written in the text',
    '[CLS] inside [SEP] text [MASK] and [PAD]',
    [101, 101, 2503, 102, 3793, 103, 1998, 0, 102],
  ],
  ['control and format characters dropped', 'a\u0000b\u200bc\u00adz', [101, 5925, 2480, 102]],
  [
    'words over 100 characters become [UNK]',
    `${'supercalifragilisticexpialidocious'.repeat(3)}1234 ok`,
    [101, 100, 7929, 102],
  ],
  [
    'numbers and punctuation',
    '3.14159 and 1,000,000 dollars',
    [101, 1017, 1012, 15471, 28154, 1998, 1015, 1010, 2199, 1010, 2199, 6363, 102],
  ],
  [
    'Cyrillic and Greek',
    'Привет мир Καλημέρα κόσμε',
    [
      101, 1194, 16856, 10325, 25529, 15290, 22919, 1191, 10325, 16856, 1164, 14608, 29727, 24824, 29728,
      29723, 29732, 14608, 1164, 29730, 29733, 29728, 29723, 102,
    ],
  ],
  [
    'Hangul decomposed to jamo',
    '안녕하세요 세계',
    [101, 1463, 30006, 30021, 29992, 30010, 30025, 30005, 30006, 29997, 30009, 29999, 30013, 100, 102],
  ],
  [
    'kana and kanji',
    'こんにちは世界、カタカナ',
    [101, 1655, 30217, 30194, 30188, 30198, 1745, 100, 1635, 1700, 30235, 30226, 30241, 102],
  ],
  [
    'URLs, mentions, contractions',
    "don't stop-believing (ever) #hashtag @user https://example.com/a?b=c",
    [
      101, 2123, 1005, 1056, 2644, 1011, 8929, 1006, 2412, 1007, 1001, 23325, 15900, 1030, 5310, 16770, 1024,
      1013, 1013, 2742, 1012, 4012, 1013, 1037, 1029, 1038, 1027, 1039, 102,
    ],
  ],
  [
    'ligatures and full-width forms',
    'ﬁ ligature ① ＡＢＣ full-width',
    [101, 1984, 8018, 11244, 100, 100, 2440, 1011, 9381, 102],
  ],
];

const FOX = 'The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs!';

describe('encode', () => {
  it.each(PYTHON_REFERENCE)('matches Python tokenizers: %s', (_name, text, expected) => {
    const encoded = tokenizer.encode(text);
    expect(Array.from(encoded.ids)).toEqual(expected);
    expect(encoded.tokenCount).toBe(expected.length);
    expect(encoded.ids).toBeInstanceOf(Int32Array);
  });

  it('truncates on the right keeping [CLS] and [SEP], as Python tokenizers does', () => {
    expect(ids(FOX, { maxTokens: 10 })).toEqual([101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 102]);
  });

  it('truncates on the left keeping [CLS] and [SEP], as Python tokenizers does', () => {
    expect(ids(FOX, { maxTokens: 10, direction: 'left' })).toEqual([
      101, 3482, 2007, 2274, 6474, 13207, 26536, 2015, 999, 102,
    ]);
  });

  it('leaves inputs that fit untouched, and an exact fit too', () => {
    const full = ids(FOX);
    expect(full).toHaveLength(22);
    expect(ids(FOX, { maxTokens: 22 })).toEqual(full);
    expect(ids(FOX, { maxTokens: 22, truncate: false })).toEqual(full);
    expect(ids(FOX, { maxTokens: 21 })).toHaveLength(21);
  });

  it('truncates to the model max length by default', () => {
    const long = 'word '.repeat(2000);
    expect(tokenizer.encode(long).tokenCount).toBe(512);
  });

  it('cuts to only the special tokens when maxTokens equals their count', () => {
    expect(ids(FOX, { maxTokens: 2 })).toEqual([101, 102]);
  });

  // Python: the same 13,389-character text (3,002 tokens) with enable_truncation(max_length=24).
  it('truncates a long document like Python tokenizers, in both directions', () => {
    const text = Array.from(
      { length: 300 },
      (_, i) => `Sentence number ${i} talks about café and 東京.`,
    ).join(' ');
    expect(tokenizer.countTokens(text)).toBe(3002);
    expect(ids(text, { maxTokens: 24 })).toEqual([
      101, 6251, 2193, 1014, 7566, 2055, 7668, 1998, 1879, 1755, 1012, 6251, 2193, 1015, 7566, 2055, 7668,
      1998, 1879, 1755, 1012, 6251, 2193, 102,
    ]);
    expect(ids(text, { maxTokens: 24, direction: 'left' })).toEqual([
      101, 1755, 1012, 6251, 2193, 27240, 7566, 2055, 7668, 1998, 1879, 1755, 1012, 6251, 2193, 25926, 7566,
      2055, 7668, 1998, 1879, 1755, 1012, 102,
    ]);
  });

  it('throws INPUT_TOO_LONG with the token count when truncation is off', () => {
    const error = thrown(() => tokenizer.encode(FOX, { maxTokens: 10, truncate: false }));
    expect(isAkidbError(error, 'INPUT_TOO_LONG')).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ tokens: 22, maxTokens: 10 });
    expect((error as Error).message).toContain('22 tokens');
  });

  it('rejects a maxTokens below the special-token count or not whole', () => {
    for (const maxTokens of [1, 0, -3, 10.5, Number.NaN]) {
      const error = thrown(() => tokenizer.encode(FOX, { maxTokens }));
      expect(isAkidbError(error, 'INPUT_INVALID')).toBe(true);
    }
  });

  it('rejects a truncation direction other than left or right', () => {
    const error = thrown(() => tokenizer.encode(FOX, { direction: 'middle' as 'left' }));
    expect(isAkidbError(error, 'INPUT_INVALID')).toBe(true);
  });

  it('rejects a text that is not a string', () => {
    const error = thrown(() => tokenizer.encode(42 as unknown as string));
    expect(isAkidbError(error, 'INPUT_INVALID')).toBe(true);
  });
});

describe('countTokens, decode, idToToken', () => {
  it('counts untruncated tokens, special tokens included', () => {
    expect(tokenizer.countTokens('Hello world')).toBe(4);
    expect(tokenizer.countTokens('')).toBe(2);
    expect(tokenizer.countTokens('word '.repeat(1000))).toBe(1002);
  });

  // Python: tokenizer.decode([101, 7592, 1010, 2088, 999, 102], skip_special_tokens=...)
  it('decodes like Python tokenizers', () => {
    const sample = [101, 7592, 1010, 2088, 999, 102];
    expect(tokenizer.decode(sample, { skipSpecialTokens: true })).toBe('hello, world!');
    expect(tokenizer.decode(Int32Array.from(sample))).toBe('[CLS] hello, world! [SEP]');
    expect(tokenizer.decode([])).toBe('');
  });

  it('maps ids to vocabulary entries', () => {
    expect(tokenizer.idToToken(7592)).toBe('hello');
    expect(tokenizer.idToToken(101)).toBe('[CLS]');
    expect(tokenizer.idToToken(10 ** 6)).toBeUndefined();
  });
});
