import { Metadata, type ServiceError } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { toAkidbError } from '../toAkidbError.js';
import { ERROR_CODE_TRAILER, GRPC_STATUS_BY_CODE } from './grpcStatus.js';

/**
 * Anything thrown by a handler as the status a gRPC client gets: the status from {@link GRPC_STATUS_BY_CODE},
 * the message as details, the stable code in the `akidb-error-code` trailer. Unexpected errors are logged in
 * full and answered with the generic `INTERNAL` message, as on HTTP.
 */
export function toServiceError(thrown: unknown, logger: Logger, method: string): ServiceError {
  const error = toAkidbError(thrown);
  const code = GRPC_STATUS_BY_CODE[error.code];
  if (error.code === 'INTERNAL') logger.error({ err: thrown, method }, 'unexpected error');
  else logger.debug({ code: error.code, method }, error.message);
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_TRAILER, error.code);
  return Object.assign(new Error(error.message), { code, details: error.message, metadata });
}
