import { AkidbError } from '@akidb/core';
import { inputEmpty, inputInvalid } from './errors.js';

/**
 * Checks that `texts` is a non-empty array of non-blank strings, at most `maxItems` long.
 * Throws AkidbError `INPUT_INVALID` (wrong type, too many) or `INPUT_EMPTY` (empty list, blank text).
 *
 * @example
 * const texts = validateTexts(body.input, 2048);
 */
export function validateTexts(
  texts: unknown,
  maxItems: number = Number.POSITIVE_INFINITY,
): readonly string[] {
  if (!Array.isArray(texts)) {
    throw inputInvalid(`Input must be an array of strings, got ${describeType(texts)}`);
  }
  if (texts.length === 0) {
    throw new AkidbError('INPUT_EMPTY', 'Input list is empty; send at least one text', {
      details: { count: 0 },
    });
  }
  if (texts.length > maxItems) {
    throw new AkidbError('INPUT_TOO_MANY', `Too many inputs: ${texts.length} (at most ${maxItems})`, {
      details: { count: texts.length, max: maxItems },
    });
  }
  for (let i = 0; i < texts.length; i++) {
    const text: unknown = texts[i];
    if (typeof text !== 'string') {
      throw inputInvalid(`Input ${i} must be a string, got ${describeType(text)}`, { index: i });
    }
    if (text.trim().length === 0) {
      throw inputEmpty(i);
    }
  }
  return texts as readonly string[];
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
