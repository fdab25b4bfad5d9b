import { AkidbError, isAkidbError } from '@akidb/core';

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

/**
 * A pool that could not provide a model. AkidbErrors (`MODEL_LOAD_FAILED`, `MODEL_TOO_LARGE`, ...) pass
 * through; anything else becomes `MODEL_LOAD_FAILED` with the original as `cause`.
 */
export function acquireFailed(id: string, cause: unknown): AkidbError {
  if (isAkidbError(cause)) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AkidbError('MODEL_LOAD_FAILED', `Model "${id}" failed to load: ${reason}`, {
    cause,
    details: { model: id },
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
