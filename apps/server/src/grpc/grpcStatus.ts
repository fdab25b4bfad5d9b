import type { ErrorCode } from '@akidb/core';
import { status } from '@grpc/grpc-js';

/**
 * The one mapping from a stable {@link ErrorCode} to a gRPC status, as `httpStatus.ts` is for HTTP. The code
 * string itself also travels, in the `akidb-error-code` trailer. `Record<ErrorCode, status>` makes a new code
 * a compile error until it is mapped.
 */
export const GRPC_STATUS_BY_CODE: Readonly<Record<ErrorCode, status>> = {
  INPUT_EMPTY: status.INVALID_ARGUMENT,
  INPUT_INVALID: status.INVALID_ARGUMENT,
  INPUT_TOO_LONG: status.INVALID_ARGUMENT,
  INPUT_TOO_MANY: status.INVALID_ARGUMENT,
  DIMENSIONS_INVALID: status.INVALID_ARGUMENT,
  MODEL_NOT_FOUND: status.NOT_FOUND,
  MODEL_NOT_INSTALLED: status.NOT_FOUND,
  MODEL_LOAD_FAILED: status.UNAVAILABLE,
  MODEL_TOO_LARGE: status.UNAVAILABLE,
  MANIFEST_INVALID: status.INTERNAL,
  TOKENIZER_INVALID: status.INTERNAL,
  EXECUTION_PROVIDER_UNAVAILABLE: status.UNAVAILABLE,
  INFERENCE_FAILED: status.INTERNAL,
  REPLICA_FAILED: status.UNAVAILABLE,
  DOWNLOAD_FAILED: status.UNAVAILABLE,
  CHECKSUM_MISMATCH: status.DATA_LOSS,
  OFFLINE: status.UNAVAILABLE,
  OVERLOADED: status.RESOURCE_EXHAUSTED,
  TIMEOUT: status.DEADLINE_EXCEEDED,
  CANCELLED: status.CANCELLED,
  DISPOSED: status.UNAVAILABLE,
  UNAUTHORIZED: status.UNAUTHENTICATED,
  PAYLOAD_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  NOT_FOUND: status.NOT_FOUND,
  INTERNAL: status.INTERNAL,
};

/** Trailing metadata key that carries the AkiDB error code. */
export const ERROR_CODE_TRAILER = 'akidb-error-code';
