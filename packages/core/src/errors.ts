/**
 * Every stable error code the product can raise. Servers map these to HTTP statuses in one place;
 * clients can rely on them not changing between releases.
 */
export const ERROR_CODES = [
  'INPUT_EMPTY',
  'INPUT_INVALID',
  'INPUT_TOO_LONG',
  'INPUT_TOO_MANY',
  'DIMENSIONS_INVALID',
  'MODEL_NOT_FOUND',
  'MODEL_NOT_INSTALLED',
  'MODEL_LOAD_FAILED',
  'MODEL_TOO_LARGE',
  'MANIFEST_INVALID',
  'TOKENIZER_INVALID',
  'EXECUTION_PROVIDER_UNAVAILABLE',
  'INFERENCE_FAILED',
  /** The model's worker died (crashed, exited) and no other replica could take the run; safe to retry. */
  'REPLICA_FAILED',
  'DOWNLOAD_FAILED',
  'CHECKSUM_MISMATCH',
  'OFFLINE',
  'OVERLOADED',
  'TIMEOUT',
  'CANCELLED',
  'DISPOSED',
  'UNAUTHORIZED',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'INTERNAL',
] as const;

/** A stable, machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options accepted by {@link AkidbError}. */
export interface AkidbErrorOptions {
  /** The underlying error, kept for logs; never sent to HTTP clients. */
  cause?: unknown;
  /** Extra structured facts safe to show a client (e.g. `{ available: [...] }`). */
  details?: Record<string, unknown>;
}

/**
 * The one error base class of AkiDB. Every package throws it (through the helpers in its own
 * `errors.ts`) with a stable string `code`.
 *
 * @example
 * throw new AkidbError('MODEL_NOT_FOUND', `Model "${id}" is not in the registry`, { details: { available } });
 */
export class AkidbError extends Error {
  override readonly name = 'AkidbError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AkidbErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** True when `value` is an {@link AkidbError}, optionally with the given code. */
export function isAkidbError(value: unknown, code?: ErrorCode): value is AkidbError {
  return value instanceof AkidbError && (code === undefined || value.code === code);
}

/** Codes that already say precisely why a model cannot be used; a load failure keeps them as they are. */
const LOAD_CODES_KEPT: ReadonlySet<ErrorCode> = new Set([
  'MODEL_NOT_FOUND',
  'MODEL_NOT_INSTALLED',
  'MODEL_TOO_LARGE',
  'OFFLINE',
  'CANCELLED',
  'DISPOSED',
]);

/**
 * The one "failed to load" error, for every layer that loads or leases models (the service's loader,
 * the cache, the router). A non-AkidbError becomes `MODEL_LOAD_FAILED` with the original as `cause`.
 * AkidbErrors pass through unchanged, unless `wrapAkidbErrors` is set: then only codes that already
 * say why a model cannot be used (`MODEL_NOT_FOUND`, `OFFLINE`, `MODEL_TOO_LARGE`, ...) pass, and any
 * other code (`TOKENIZER_INVALID`, `CHECKSUM_MISMATCH`, a lower layer's `MODEL_LOAD_FAILED`) becomes
 * `MODEL_LOAD_FAILED` naming the model, with that code as `details.reason`.
 *
 * @example
 * try { return await load(id); } catch (error) { throw modelLoadFailure(id, error); }
 */
export function modelLoadFailure(
  id: string,
  error: unknown,
  options: { wrapAkidbErrors?: boolean } = {},
): AkidbError {
  if (isAkidbError(error)) {
    if (LOAD_CODES_KEPT.has(error.code) || options.wrapAkidbErrors !== true) return error;
  }
  const reason = isAkidbError(error) ? error.code : 'LOAD_ERROR';
  const message = error instanceof Error ? error.message : String(error);
  return new AkidbError('MODEL_LOAD_FAILED', `Model "${id}" failed to load: ${message}`, {
    cause: error,
    details: { model: id, reason },
  });
}
