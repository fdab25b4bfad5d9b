import { isAkidbError } from '@akidb/core';

/**
 * Whether another attempt could succeed: the service was busy (`OVERLOADED`), or the request never got an
 * answer (a network failure, not an abort). Any other `AkidbError` (bad input, unknown model, ...) fails
 * the same way again.
 *
 * @example
 * new AkidbEmbeddings({ baseUrl, onFailedAttempt: (error) => { if (!isRetryable(error)) throw error; } });
 */
export function isRetryable(error: unknown): boolean {
  if (isAkidbError(error)) return error.code === 'OVERLOADED';
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return false;
  return error instanceof TypeError;
}
