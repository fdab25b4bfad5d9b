import { AkidbError } from '@akidb/core';
import { validateTexts } from '@akidb/embedding-provider';

/** Request-size limits checked before any model work. */
export interface InputLimits {
  maxInputs: number;
  maxInputChars: number;
}

/**
 * Checks a list of texts: a non-empty array of non-blank strings (`INPUT_INVALID`, `INPUT_EMPTY`),
 * at most `maxInputs` of them (`INPUT_TOO_MANY`), each at most `maxInputChars` long (`INPUT_TOO_LONG`).
 */
export function checkTexts(texts: unknown, limits: InputLimits): readonly string[] {
  const valid = validateTexts(texts, limits.maxInputs);
  valid.forEach((text, index) => {
    if (text.length > limits.maxInputChars) {
      throw new AkidbError(
        'INPUT_TOO_LONG',
        `Input ${index} has ${text.length} characters; at most ${limits.maxInputChars} are accepted`,
        { details: { index, characters: text.length, maxInputChars: limits.maxInputChars } },
      );
    }
  });
  return valid;
}

/** Checks a list of token-id lists: not empty, at most `maxInputs` of them. Ids are checked per model later. */
export function checkTokenLists(
  lists: readonly (readonly number[])[],
  limits: InputLimits,
): readonly (readonly number[])[] {
  if (lists.length === 0) {
    throw new AkidbError('INPUT_EMPTY', 'Input list is empty; send at least one input', {
      details: { count: 0 },
    });
  }
  if (lists.length > limits.maxInputs) {
    throw new AkidbError('INPUT_TOO_MANY', `Too many inputs: ${lists.length} (at most ${limits.maxInputs})`, {
      details: { count: lists.length, max: limits.maxInputs },
    });
  }
  return lists;
}
