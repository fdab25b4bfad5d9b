import type { ErrorCode } from '@akidb/core';

/**
 * The one mapping from a stable {@link ErrorCode} to an HTTP status. Every route, every error
 * shape (AkiDB, OpenAI, TEI) takes its status from here; nothing else picks a status for an error.
 * `Record<ErrorCode, number>` makes a new code a compile error until it is mapped.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  INPUT_EMPTY: 400,
  INPUT_INVALID: 400,
  INPUT_TOO_LONG: 400,
  INPUT_TOO_MANY: 400,
  DIMENSIONS_INVALID: 400,
  MODEL_NOT_FOUND: 404,
  MODEL_NOT_INSTALLED: 404,
  MODEL_LOAD_FAILED: 503,
  MODEL_TOO_LARGE: 503,
  MANIFEST_INVALID: 500,
  TOKENIZER_INVALID: 500,
  EXECUTION_PROVIDER_UNAVAILABLE: 503,
  INFERENCE_FAILED: 500,
  REPLICA_FAILED: 503,
  DOWNLOAD_FAILED: 502,
  CHECKSUM_MISMATCH: 502,
  OFFLINE: 503,
  OVERLOADED: 429,
  TIMEOUT: 504,
  CANCELLED: 499,
  DISPOSED: 503,
  UNAUTHORIZED: 401,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  INTERNAL: 500,
};

/**
 * HTTP status for an error code.
 *
 * @example
 * c.json(body, httpStatusFor(error.code));
 */
export function httpStatusFor(code: ErrorCode): number {
  return HTTP_STATUS_BY_CODE[code] ?? 500;
}
