import { AkidbError, isAkidbError } from '@akidb/core';

/** A text that is empty or only white space. */
export function inputEmpty(index: number): AkidbError {
  return new AkidbError('INPUT_EMPTY', `Input ${index} is empty or only white space`, { details: { index } });
}

/** Input that is not a non-empty list of strings. */
export function inputInvalid(message: string, details: Record<string, unknown> = {}): AkidbError {
  return new AkidbError('INPUT_INVALID', message, { details });
}

/** A `dimensions` value the model cannot produce. */
export function dimensionsInvalid(requested: unknown, max: number): AkidbError {
  return new AkidbError(
    'DIMENSIONS_INVALID',
    `dimensions must be an integer between 1 and ${max}, got ${String(requested)}`,
    { details: { requested, min: 1, max } },
  );
}

/** A `dimensions` value in range that is not one of the model's Matryoshka sizes. */
export function dimensionsNotSupported(
  model: string,
  requested: number,
  allowed: readonly number[],
): AkidbError {
  return new AkidbError(
    'DIMENSIONS_INVALID',
    `Model "${model}" supports dimensions ${allowed.join(', ')}; got ${requested}`,
    { details: { requested, allowed } },
  );
}

/** A call on a provider that was disposed. */
export function providerDisposed(id: string): AkidbError {
  return new AkidbError('DISPOSED', `Model "${id}" has been unloaded`, { details: { model: id } });
}

/** A prompt name the model does not define. */
export function promptUnknown(name: string, available: readonly string[]): AkidbError {
  return new AkidbError(
    'INPUT_INVALID',
    `Unknown prompt name "${name}"; this model defines: ${available.length ? available.join(', ') : 'none'}`,
    { details: { promptName: name, available } },
  );
}

/**
 * A request abandoned before its work was done. An AkidbError abort reason (e.g. the server's
 * `TIMEOUT` or `CANCELLED`) is passed through as is.
 */
export function cancelled(model: string, reason?: unknown): AkidbError {
  if (isAkidbError(reason)) return reason;
  return new AkidbError('CANCELLED', `Request for "${model}" was cancelled`, {
    cause: reason,
    details: { model },
  });
}

/** A model's queue is full; `retryAfterSeconds` is a hint for `Retry-After`. */
export function overloaded(
  model: string,
  waiting: number,
  maxQueueTexts: number,
  retryAfterSeconds: number,
): AkidbError {
  const message = `Model "${model}" has too many texts waiting; retry in ${retryAfterSeconds}s`;
  return new AkidbError('OVERLOADED', message, {
    details: { model, waiting, maxQueueTexts, retryAfterSeconds },
  });
}

/** A batch returned fewer vectors than it had rows: a bug, never the caller's fault. */
export function vectorsMissing(got: number, expected: number): AkidbError {
  return new AkidbError('INTERNAL', `A batch returned ${got} of ${expected} vectors`);
}

/** A text longer than the request-size limit, checked before tokenizing. */
export function inputTooManyChars(index: number, characters: number, maxInputChars: number): AkidbError {
  return new AkidbError(
    'INPUT_TOO_LONG',
    `Input ${index} has ${characters} characters; at most ${maxInputChars} are accepted`,
    { details: { index, characters, maxInputChars } },
  );
}

/** Too many inputs in one request. */
export function inputTooMany(count: number, max: number): AkidbError {
  return new AkidbError('INPUT_TOO_MANY', `Too many inputs: ${count} (at most ${max})`, {
    details: { count, max },
  });
}

/** An empty list of inputs. */
export function inputListEmpty(): AkidbError {
  return new AkidbError('INPUT_EMPTY', 'Input list is empty; send at least one input', {
    details: { count: 0 },
  });
}
