import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAkidbError } from '@akidb/core';
import { describe, expect, it } from 'vitest';
import { VocabularyCache, vocabularyFromTokenizerJson } from './vocabulary.js';

describe('vocabularyFromTokenizerJson', () => {
  it('reads a WordPiece/BPE map plus added tokens', () => {
    const vocabulary = vocabularyFromTokenizerJson({
      model: { type: 'WordPiece', vocab: { '[PAD]': 0, hello: 1, '##s': 2 } },
      added_tokens: [{ id: 3, content: '[CLS]' }],
    });
    expect(vocabulary.size).toBe(4);
    expect([0, 1, 2, 3].map((id) => vocabulary.token(id))).toEqual(['[PAD]', 'hello', '##s', '[CLS]']);
    expect(vocabulary.token(4)).toBeUndefined();
  });

  it('reads a Unigram list of [token, score]', () => {
    const vocabulary = vocabularyFromTokenizerJson({
      model: {
        type: 'Unigram',
        vocab: [
          ['<s>', 0],
          ['▁a', -1.5],
        ],
      },
    });
    expect(vocabulary.size).toBe(2);
    expect(vocabulary.token(1)).toBe('▁a');
  });

  it('rejects a document without a vocabulary', () => {
    expect(() => vocabularyFromTokenizerJson({ model: {} })).toThrow(/no vocabulary/);
  });
});

describe('VocabularyCache', () => {
  it('loads <home>/models/<id>/tokenizer.json once and answers TOKENIZER_INVALID for a missing model', async () => {
    const home = await mkdtemp(join(tmpdir(), 'akidb-vocab-'));
    await mkdir(join(home, 'models', 'tiny'), { recursive: true });
    await writeFile(
      join(home, 'models', 'tiny', 'tokenizer.json'),
      JSON.stringify({ model: { vocab: { a: 0, b: 1 } } }),
    );
    const cache = new VocabularyCache(home);
    const first = await cache.get('tiny');
    expect(first.size).toBe(2);
    expect(await cache.get('tiny')).toBe(first);
    await expect(cache.get('missing')).rejects.toSatisfy((e: unknown) =>
      isAkidbError(e, 'TOKENIZER_INVALID'),
    );
  });
});
