// Test support only: not exported from the package.

/** GPT-2's byte-to-character table, which byte-level BPE vocabularies are written in. */
function byteChars(): string[] {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const chars: string[] = [];
  let extra = 0;
  for (let b = 0; b < 256; b++) chars.push(String.fromCodePoint(printable(b) ? b : 256 + extra++));
  return chars;
}

/**
 * A tiny RoBERTa-style byte-level BPE tokenizer (256 byte tokens, 10 merges, `<s>`/`</s>`/`<pad>`):
 * a real `tokenizer.json` layout, small enough to read. ids: bytes 0-255, merges 256-265,
 * `<s>` 266, `</s>` 267, `<pad>` 268.
 */
export function byteLevelTokenizerJson(): Record<string, unknown> {
  const merges = [
    ['Ġ', 't'],
    ['h', 'e'],
    ['Ġt', 'he'],
    ['i', 'n'],
    ['Ġ', 'a'],
    ['e', 'r'],
    ['o', 'n'],
    ['Ġ', 'w'],
    ['o', 'r'],
    ['Ġ', 's'],
  ];
  const vocab: Record<string, number> = {};
  byteChars().forEach((char, id) => {
    vocab[char] = id;
  });
  for (const [a, b] of merges) vocab[`${a}${b}`] = Object.keys(vocab).length;
  const added = ['<s>', '</s>', '<pad>'].map((content, i) => ({
    id: 266 + i,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'RobertaProcessing',
      sep: ['</s>', 267],
      cls: ['<s>', 266],
      trim_offsets: true,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: merges.map((pair) => pair.join(' ')),
    },
  };
}
