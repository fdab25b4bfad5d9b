import { AkidbError } from '@akidb/core';

/** An embedding-cache option that cannot work (a negative byte budget, an empty store path, ...). */
export function cacheOptionInvalid(message: string, details: Record<string, unknown>): AkidbError {
  return new AkidbError('INPUT_INVALID', `Embedding cache: ${message}`, { details });
}

/** The on-disk store cannot be opened even after it was rebuilt (permissions, disk full, ...). */
export function storeUnavailable(path: string, cause: unknown): AkidbError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new AkidbError('INTERNAL', `Embedding cache: the store at ${path} cannot be opened: ${message}`, {
    cause,
    details: { path },
  });
}
