import { AkidbError, isAkidbError } from '@akidb/core';

/** The message every unexpected failure gets; the real one only goes to the log. */
export const INTERNAL_MESSAGE = 'Internal server error';

/**
 * Turns anything thrown into an {@link AkidbError} that is safe to show a client: AkidbErrors pass
 * through; anything else becomes `INTERNAL` with a generic message and the original kept as `cause`
 * (for the log, never for the response).
 *
 * @example
 * const error = toAkidbError(thrown);
 * if (error.code === 'INTERNAL') logger.error({ err: thrown }, 'unexpected error');
 */
export function toAkidbError(thrown: unknown): AkidbError {
  if (isAkidbError(thrown)) return thrown;
  if (isClientAbort(thrown)) {
    return new AkidbError('CANCELLED', 'The client closed the connection', { cause: thrown });
  }
  return new AkidbError('INTERNAL', INTERNAL_MESSAGE, { cause: thrown });
}

/** Node's error for an incoming request whose client went away mid-body. */
function isClientAbort(thrown: unknown): boolean {
  return (
    thrown instanceof Error &&
    (thrown as NodeJS.ErrnoException).code === 'ECONNRESET' &&
    thrown.message === 'aborted'
  );
}
