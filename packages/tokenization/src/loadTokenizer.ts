import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CreateTokenizerOptions } from './createTokenizer.js';
import { createTokenizer } from './createTokenizer.js';
import { tokenizerInvalid } from './errors.js';
import type { TextTokenizer } from './textTokenizer.js';

/** Explicit tokenizer file locations, for layouts other than one model directory. */
export interface TokenizerFiles {
  tokenizerJsonPath: string;
  /** Optional: without it, defaults apply (no max length, right padding). */
  tokenizerConfigPath?: string | undefined;
}

/**
 * Loads a tokenizer from a model directory (`tokenizer.json`, plus `tokenizer_config.json` when
 * present) or from explicit paths. Throws `TOKENIZER_INVALID` when a file is missing or malformed;
 * messages name the file, never its full path.
 *
 * @example
 * const tokenizer = await loadTokenizer('/models/all-MiniLM-L6-v2');
 * const { ids } = tokenizer.encode('Hello world', { maxTokens: 256 });
 */
export async function loadTokenizer(
  source: string | TokenizerFiles,
  options: CreateTokenizerOptions = {},
): Promise<TextTokenizer> {
  const files =
    typeof source === 'string'
      ? {
          json: join(source, 'tokenizer.json'),
          config: join(source, 'tokenizer_config.json'),
          required: false,
        }
      : { json: source.tokenizerJsonPath, config: source.tokenizerConfigPath, required: true };
  const [tokenizerJson, tokenizerConfig] = await Promise.all([
    readJson(files.json, true),
    files.config === undefined ? Promise.resolve({}) : readJson(files.config, files.required),
  ]);
  return createTokenizer(tokenizerJson, tokenizerConfig, options);
}

async function readJson(path: string, required: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw tokenizerInvalid(basename(path), `cannot be read (${code})`, error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw tokenizerInvalid(basename(path), 'is not valid JSON', error);
  }
}
