import { AkidbError } from '@akidb/core';

/** The input has more tokens than allowed and truncation is off. */
export function inputTooLong(tokens: number, maxTokens: number, index?: number): AkidbError {
  const where = index === undefined ? 'Input' : `Input ${index}`;
  return new AkidbError(
    'INPUT_TOO_LONG',
    `${where} is ${tokens} tokens long, more than the limit of ${maxTokens}; shorten it or enable truncation`,
    { details: index === undefined ? { tokens, maxTokens } : { tokens, maxTokens, index } },
  );
}

/** An encode option is out of range (e.g. `maxTokens` smaller than the special tokens). */
export function encodeOptionInvalid(message: string, details: Record<string, unknown>): AkidbError {
  return new AkidbError('INPUT_INVALID', message, { details });
}

/** A text to encode is not a string. */
export function textNotString(index?: number): AkidbError {
  const where = index === undefined ? 'The input' : `Input ${index}`;
  return new AkidbError('INPUT_INVALID', `${where} must be a string`, {
    details: index === undefined ? {} : { index },
  });
}

/**
 * A tokenizer file is missing, unreadable or not understood. `file` is a base name only: the full
 * path goes into `cause` for logs and never into the message.
 */
export function tokenizerInvalid(file: string, reason: string, cause?: unknown): AkidbError {
  return new AkidbError('TOKENIZER_INVALID', `Tokenizer file "${file}" ${reason}`, {
    cause,
    details: { file },
  });
}

/** An option given when creating a tokenizer is out of range. */
export function tokenizerOptionInvalid(name: string, value: unknown): AkidbError {
  return new AkidbError(
    'TOKENIZER_INVALID',
    `Tokenizer option ${name} must be a positive whole number, got ${String(value)}`,
    {
      details: { option: name },
    },
  );
}

/** Batch encoding was aborted through its `AbortSignal`. */
export function encodingCancelled(cause?: unknown): AkidbError {
  return new AkidbError('CANCELLED', 'Tokenization was cancelled', { cause });
}

/** `padBatch` was called with options it cannot honour: a bug in the caller, not in the input. */
export function paddingInvalid(message: string, details: Record<string, unknown>): AkidbError {
  return new AkidbError('INTERNAL', message, { details });
}
