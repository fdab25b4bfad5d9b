import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAkidbError } from '@akidb/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenizer } from './createTokenizer.js';
import { loadTokenizer } from './loadTokenizer.js';

const hub = fileURLToPath(new URL('../../../../shared/hub-metadata', import.meta.url));
const minilm = join(hub, 'all-MiniLM-L6-v2');

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'akidb-tokenizer-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isAkidbError(error) && error.code).toBe(code);
  return error as Error;
}

describe('loadTokenizer', () => {
  it.each(['all-MiniLM-L6-v2', 'bge-small-en-v1.5', 'gte-small'])(
    'loads %s from its directory',
    async (model) => {
      const tokenizer = await loadTokenizer(join(hub, model));
      expect(Array.from(tokenizer.encode('Hello world').ids)).toEqual([101, 7592, 2088, 102]);
      expect(tokenizer.vocabSize).toBe(30522);
      expect(tokenizer.padTokenId).toBe(0);
      expect(tokenizer.paddingSide).toBe('right');
      expect(tokenizer.specialTokenCount).toBe(2);
    },
  );

  it('reads model_max_length, and the 1e30 "no limit" sentinel as undefined', async () => {
    expect((await loadTokenizer(minilm)).modelMaxLength).toBe(512);
    expect((await loadTokenizer(join(hub, 'gte-small'))).modelMaxLength).toBeUndefined();
    const capped = await loadTokenizer(join(hub, 'gte-small'), { modelMaxLength: 512 });
    expect(capped.modelMaxLength).toBe(512);
  });

  it('loads from explicit paths, and without a config', async () => {
    const withConfig = await loadTokenizer({
      tokenizerJsonPath: join(minilm, 'tokenizer.json'),
      tokenizerConfigPath: join(minilm, 'tokenizer_config.json'),
    });
    expect(withConfig.modelMaxLength).toBe(512);
    const bare = await loadTokenizer({ tokenizerJsonPath: join(minilm, 'tokenizer.json') });
    expect(bare.modelMaxLength).toBeUndefined();
    expect(Array.from(bare.encode('Hello world').ids)).toEqual([101, 7592, 2088, 102]);
  });

  it('treats a missing tokenizer_config.json in a directory as empty', async () => {
    const dir = join(scratch, 'no-config');
    await mkdir(dir);
    await writeFile(join(dir, 'tokenizer.json'), await readFile(join(minilm, 'tokenizer.json')));
    const tokenizer = await loadTokenizer(dir);
    expect(tokenizer.modelMaxLength).toBeUndefined();
    expect(tokenizer.countTokens('Hello world')).toBe(4);
  });

  it('fails with TOKENIZER_INVALID naming the file, never its full path', async () => {
    const missing = await expectCode(loadTokenizer(join(scratch, 'nowhere')), 'TOKENIZER_INVALID');
    expect(missing.message).toContain('"tokenizer.json"');
    expect(missing.message).not.toContain(scratch);
    const explicitConfig = loadTokenizer({
      tokenizerJsonPath: join(minilm, 'tokenizer.json'),
      tokenizerConfigPath: join(scratch, 'missing_config.json'),
    });
    expect((await expectCode(explicitConfig, 'TOKENIZER_INVALID')).message).toContain(
      '"missing_config.json"',
    );
  });

  it('rejects malformed JSON and JSON that is not a tokenizer', async () => {
    const broken = join(scratch, 'broken.json');
    await writeFile(broken, '{ "model": ');
    const notJson = await expectCode(loadTokenizer({ tokenizerJsonPath: broken }), 'TOKENIZER_INVALID');
    expect(notJson.message).toContain('not valid JSON');
    const empty = join(scratch, 'empty.json');
    await writeFile(empty, '{}');
    await expectCode(loadTokenizer({ tokenizerJsonPath: empty }), 'TOKENIZER_INVALID');
    const array = join(scratch, 'array.json');
    await writeFile(array, '[]');
    await expectCode(loadTokenizer({ tokenizerJsonPath: array }), 'TOKENIZER_INVALID');
  });

  it('rejects a modelMaxLength override that is not a positive whole number', async () => {
    await expectCode(loadTokenizer(minilm, { modelMaxLength: 0 }), 'TOKENIZER_INVALID');
    await expectCode(loadTokenizer(minilm, { modelMaxLength: 1.5 }), 'TOKENIZER_INVALID');
  });
});

describe('tokenizer_config.json settings', () => {
  async function minilmJson(): Promise<Record<string, unknown>> {
    return JSON.parse(await readFile(join(minilm, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
  }

  it('takes padding side and pad token from the config', async () => {
    const tokenizer = createTokenizer(await minilmJson(), { padding_side: 'left', pad_token: '[MASK]' });
    expect(tokenizer.paddingSide).toBe('left');
    expect(tokenizer.padTokenId).toBe(103);
    const objectToken = createTokenizer(await minilmJson(), { pad_token: { content: '[SEP]' } });
    expect(objectToken.padTokenId).toBe(102);
  });

  it('falls back to the end-of-sequence token when no pad token is configured', async () => {
    const json = await minilmJson();
    json.padding = null;
    expect(createTokenizer(json, { eos_token: '[SEP]' }).padTokenId).toBe(102);
    expect(createTokenizer(json, {}).padTokenId).toBe(0);
  });

  it('lets options override the config', async () => {
    const tokenizer = createTokenizer(await minilmJson(), { padding_side: 'left' }, { paddingSide: 'right' });
    expect(tokenizer.paddingSide).toBe('right');
  });

  // Expected ids from Python `tokenizers` 0.23 with the normalizer's lowercase set to false.
  it('applies do_lower_case from the config to the BERT normalizer, as transformers does', async () => {
    const cased = createTokenizer(await minilmJson(), { do_lower_case: false });
    expect(Array.from(cased.encode('Hello World hello').ids)).toEqual([101, 100, 100, 7592, 102]);
    const uncased = createTokenizer(await minilmJson(), { do_lower_case: true });
    expect(Array.from(uncased.encode('Hello World hello').ids)).toEqual([101, 7592, 2088, 7592, 102]);
  });
});
