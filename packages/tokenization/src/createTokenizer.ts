import type { PaddingSide } from '@akidb/core';
import { Tokenizer } from '@huggingface/tokenizers';
import { tokenizerInvalid, tokenizerOptionInvalid } from './errors.js';
import { HfTextTokenizer } from './hfTextTokenizer.js';
import { appendToLayout, deriveSpecialTokenLayout } from './specialTokenLayout.js';
import type { TextTokenizer } from './textTokenizer.js';
import type { TokenizerSettings } from './tokenizerSettings.js';
import { applyBertNormalizerOverrides, isJsonObject, readTokenizerSettings } from './tokenizerSettings.js';

/** Overrides for what the tokenizer files say. */
export interface CreateTokenizerOptions {
  /** Longest input the model takes, e.g. from a model manifest; wins over `tokenizer_config.json`. */
  modelMaxLength?: number | undefined;
  /** Padding side; wins over `tokenizer_config.json`. */
  paddingSide?: PaddingSide | undefined;
  /**
   * A token every encoding must end with, e.g. `<|endoftext|>` for Qwen3-Embedding. It is added after
   * the post-processor's special tokens unless they already end with it, and truncation keeps it.
   */
  appendToken?: string | undefined;
}

/**
 * Builds a {@link TextTokenizer} from the parsed contents of `tokenizer.json` and
 * `tokenizer_config.json`. The special-token layout is learned from the tokenizer's own
 * post-processor. Throws `TOKENIZER_INVALID` when the files are not a usable tokenizer.
 *
 * @example
 * const tokenizer = createTokenizer(JSON.parse(tokenizerJsonText), JSON.parse(configText));
 */
export function createTokenizer(
  tokenizerJson: unknown,
  tokenizerConfig: unknown = {},
  options: CreateTokenizerOptions = {},
): TextTokenizer {
  if (!isJsonObject(tokenizerJson)) throw tokenizerInvalid('tokenizer.json', 'is not a JSON object');
  if (!isJsonObject(tokenizerConfig)) throw tokenizerInvalid('tokenizer_config.json', 'is not a JSON object');
  const modelMaxLength = options.modelMaxLength;
  if (modelMaxLength !== undefined && !(Number.isSafeInteger(modelMaxLength) && modelMaxLength > 0)) {
    throw tokenizerOptionInvalid('modelMaxLength', modelMaxLength);
  }
  const json = applyBertNormalizerOverrides(tokenizerJson, tokenizerConfig);
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, tokenizerConfig);
  } catch (error) {
    throw tokenizerInvalid(
      'tokenizer.json',
      `is not a tokenizer this runtime supports: ${describe(error)}`,
      error,
    );
  }
  const settings = readTokenizerSettings(json, tokenizerConfig);
  const layout = appendToLayout(deriveSpecialTokenLayout(tokenizer), tokenizer, options.appendToken);
  // Added tokens are slotted into the model's id-indexed vocabulary, so its length covers every id.
  const vocabulary: readonly string[] | undefined = tokenizer.model?.vocab;
  return new HfTextTokenizer({
    tokenizer,
    layout,
    modelMaxLength: modelMaxLength ?? settings.modelMaxLength,
    paddingSide: options.paddingSide ?? settings.paddingSide,
    padTokenId: resolvePadTokenId(tokenizer, settings),
    vocabSize: vocabulary?.length ?? tokenizer.get_vocab(true).size,
  });
}

/**
 * The configured pad token, else `tokenizer.json`'s pad id, else the end-of-sequence token, else 0.
 * Padded positions are masked out of attention, so any id in the vocabulary serves.
 */
function resolvePadTokenId(tokenizer: Tokenizer, settings: TokenizerSettings): number {
  const fromToken = settings.padToken === undefined ? undefined : tokenizer.token_to_id(settings.padToken);
  const fromEos = settings.eosToken === undefined ? undefined : tokenizer.token_to_id(settings.eosToken);
  return fromToken ?? settings.padId ?? fromEos ?? 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
