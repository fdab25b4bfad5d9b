import { AkidbError } from '@akidb/core';

/** An unknown model id or alias; `details.available` lists the ids the catalog knows. */
export function modelNotFound(
  requested: string | undefined,
  available: string[],
  cause?: unknown,
): AkidbError {
  const message =
    requested === undefined
      ? 'No model was requested and no default model is configured'
      : `Model "${requested}" is not in the catalog`;
  return new AkidbError('MODEL_NOT_FOUND', `${message}; available: ${available.join(', ') || 'none'}`, {
    cause,
    details: { requested: requested ?? null, available },
  });
}

/** A request with both texts and token ids, or neither. */
export function inputChoiceInvalid(both: boolean): AkidbError {
  return new AkidbError(
    'INPUT_INVALID',
    both ? 'Give either texts or token ids, not both' : 'Give texts or token ids to embed',
    { details: { param: 'input' } },
  );
}
