// Test support only: not exported from the package.

/**
 * A tiny SentencePiece-style tokenizer (Metaspace pre-tokenizer, Unigram model, T5-like `</s>`
 * suffix): a real `tokenizer.json` layout, small enough to read. ids: `<unk>` 0, `<pad>` 1,
 * `</s>` 2, `▁` 3, `a`-`z` 4-29, then 10 multi-character pieces from 30.
 */
export function unigramTokenizerJson(): Record<string, unknown> {
  const pieces: [string, number][] = [
    ['<unk>', 0],
    ['<pad>', 0],
    ['</s>', 0],
    ['▁', -2],
  ];
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') pieces.push([letter, -5]);
  pieces.push(['▁the', -1], ['▁a', -2]);
  for (const piece of ['he', 'in', 'er', 'on', 'th', '▁w', '▁s', 'or']) pieces.push([piece, -3]);
  const sequence = (id: string) => ({ Sequence: { id, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['<unk>', '<pad>', '</s>'].map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [sequence('A'), { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [sequence('A'), sequence('B'), { SpecialToken: { id: '</s>', type_id: 0 } }],
      special_tokens: { '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } },
    },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 0, vocab: pieces, byte_fallback: false },
  };
}
