import type { PaddingSide } from '@akidb/core';

/** What `tokenizer_config.json` (and the padding block of `tokenizer.json`) say about batching. */
export interface TokenizerSettings {
  /** Longest input the model takes, special tokens included; `undefined` when the config sets none. */
  readonly modelMaxLength: number | undefined;
  readonly paddingSide: PaddingSide;
  /** The pad token's text, when the config names one. */
  readonly padToken: string | undefined;
  /** Fallback pad id from `tokenizer.json`'s `padding` block. */
  readonly padId: number | undefined;
  /** The end-of-sequence token's text, the pad of last resort. */
  readonly eosToken: string | undefined;
}

type JsonObject = Record<string, unknown>;

/** True for plain JSON objects (not arrays, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the batching-relevant settings. `model_max_length` values that are not safe integers are
 * Transformers' "no limit" sentinel (`int(1e30)`) and read as `undefined`.
 */
export function readTokenizerSettings(tokenizerJson: JsonObject, config: JsonObject): TokenizerSettings {
  const max = config.model_max_length;
  const padding = isJsonObject(tokenizerJson.padding) ? tokenizerJson.padding : {};
  return {
    modelMaxLength: typeof max === 'number' && Number.isSafeInteger(max) && max > 0 ? max : undefined,
    paddingSide: config.padding_side === 'left' ? 'left' : 'right',
    padToken: tokenText(config.pad_token),
    padId: typeof padding.pad_id === 'number' ? padding.pad_id : undefined,
    eosToken: tokenText(config.eos_token),
  };
}

/** A special token in a config is either its text or an `AddedToken` object with `content`. */
function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isJsonObject(value) && typeof value.content === 'string') return value.content;
  return undefined;
}

/**
 * Transformers' `BertTokenizerFast` rebuilds the `BertNormalizer` when `tokenizer_config.json`
 * disagrees with `tokenizer.json` about `do_lower_case`, `strip_accents` or
 * `tokenize_chinese_chars`; sentence-transformers inherits that. Returns a copy of the tokenizer
 * JSON with the same overrides, or the input itself when nothing changes.
 */
export function applyBertNormalizerOverrides(tokenizerJson: JsonObject, config: JsonObject): JsonObject {
  const normalizer = tokenizerJson.normalizer;
  if (!isJsonObject(normalizer) || normalizer.type !== 'BertNormalizer') return tokenizerJson;
  const wanted: JsonObject = {};
  if (typeof config.do_lower_case === 'boolean') wanted.lowercase = config.do_lower_case;
  if (typeof config.strip_accents === 'boolean' || config.strip_accents === null) {
    wanted.strip_accents = config.strip_accents;
  }
  if (typeof config.tokenize_chinese_chars === 'boolean') {
    wanted.handle_chinese_chars = config.tokenize_chinese_chars;
  }
  const changed = Object.keys(wanted).some((key) => normalizer[key] !== wanted[key]);
  if (!changed) return tokenizerJson;
  return { ...tokenizerJson, normalizer: { ...normalizer, ...wanted } };
}
