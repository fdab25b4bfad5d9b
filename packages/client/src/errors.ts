import { AkidbError, ERROR_CODES, type ErrorCode } from '@akidb/core';

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Codes for answers that carry no AkiDB error body (a proxy, an older server), by HTTP status. */
function codeForStatus(status: number): ErrorCode {
  if (status === 400 || status === 422) return 'INPUT_INVALID';
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'OVERLOADED';
  if (status === 504) return 'TIMEOUT';
  return 'INTERNAL';
}

/**
 * The server's error as an {@link AkidbError} with the same `code`, `message` and `details`, so that code
 * written against the in-process service handles HTTP errors unchanged. `details.status` adds the HTTP status.
 */
export async function errorFromResponse(response: Response): Promise<AkidbError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  const code =
    typeof error?.code === 'string' && KNOWN_CODES.has(error.code)
      ? (error.code as ErrorCode)
      : codeForStatus(response.status);
  const message =
    typeof error?.message === 'string' ? error.message : `AkiDB server answered HTTP ${response.status}`;
  const details =
    typeof error?.details === 'object' && error.details !== null
      ? (error.details as Record<string, unknown>)
      : {};
  return new AkidbError(code, message, { details: { ...details, status: response.status } });
}

/** A response body that is not what `/api/v1/embed` returns. */
export function malformedResponse(reason: string): AkidbError {
  return new AkidbError('INTERNAL', `AkiDB server sent a malformed embedding response: ${reason}`);
}

/** A batch size that is not a positive whole number. */
export function batchSizeInvalid(batchSize: unknown): AkidbError {
  return new AkidbError(
    'INPUT_INVALID',
    `batchSize must be a positive whole number, got ${String(batchSize)}`,
    {
      details: { param: 'batchSize', batchSize },
    },
  );
}

/** A request with token ids (or no texts) for the HTTP client, which sends texts to `/api/v1/embed`. */
export function textsRequired(): AkidbError {
  return new AkidbError('INPUT_INVALID', 'The HTTP client embeds texts; give `texts`, not `tokenIds`', {
    details: { param: 'texts' },
  });
}
