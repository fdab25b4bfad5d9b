import { inputEmpty, inputInvalid, inputListEmpty, inputTooMany, inputTooManyChars } from './errors.js';

/** Request-size limits checked before any model work. */
export interface InputLimits {
  /** Most inputs in one request (default unlimited). */
  maxInputs?: number;
  /** Most characters in one text (default unlimited). */
  maxInputChars?: number;
}

/**
 * Checks that `texts` is a non-empty array of non-blank strings within `limits`. Throws AkidbError
 * `INPUT_INVALID` (wrong type), `INPUT_EMPTY` (empty list, blank text), `INPUT_TOO_MANY` or
 * `INPUT_TOO_LONG` (characters).
 *
 * @example
 * const texts = validateTexts(body.input, { maxInputs: 2048, maxInputChars: 65536 });
 */
export function validateTexts(texts: unknown, limits: InputLimits = {}): readonly string[] {
  if (!Array.isArray(texts)) {
    throw inputInvalid(`Input must be an array of strings, got ${describeType(texts)}`);
  }
  checkCount(texts.length, limits);
  const maxChars = limits.maxInputChars ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < texts.length; i++) {
    const text: unknown = texts[i];
    if (typeof text !== 'string') {
      throw inputInvalid(`Input ${i} must be a string, got ${describeType(text)}`, { index: i });
    }
    if (text.length > maxChars) throw inputTooManyChars(i, text.length, maxChars);
    if (text.trim().length === 0) throw inputEmpty(i);
  }
  return texts as readonly string[];
}

/** Throws `INPUT_EMPTY` for no inputs and `INPUT_TOO_MANY` beyond `limits.maxInputs`. */
export function checkCount(count: number, limits: InputLimits): void {
  if (count === 0) throw inputListEmpty();
  const max = limits.maxInputs ?? Number.POSITIVE_INFINITY;
  if (count > max) throw inputTooMany(count, max);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
