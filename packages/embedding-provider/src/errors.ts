import { AkidbError } from '@akidb/core';

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
