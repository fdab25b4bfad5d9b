import type { Context } from 'hono';
import type { Logger } from 'pino';
import { dialectForPath, errorBody } from './errorBodies.js';
import { httpStatusFor } from './httpStatus.js';
import { toAkidbError } from './toAkidbError.js';

/**
 * The response for anything thrown while handling a request: status from {@link httpStatusFor},
 * body in the route's dialect, `Retry-After` on 429 and `WWW-Authenticate` on 401. Unexpected
 * errors are logged in full and answered with a generic 500.
 */
export function errorResponse(c: Context, thrown: unknown, logger: Logger): Response {
  const error = toAkidbError(thrown);
  const status = httpStatusFor(error.code);
  if (error.code === 'INTERNAL') {
    logger.error({ err: thrown, method: c.req.method, path: c.req.path }, 'unexpected error');
  } else if (status >= 500) {
    logger.warn({ err: error, code: error.code, path: c.req.path }, error.message);
  } else {
    logger.debug({ code: error.code, path: c.req.path }, error.message);
  }
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
  if (error.code === 'OVERLOADED') {
    const seconds = error.details?.retryAfterSeconds;
    headers['retry-after'] = String(typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : 1);
  }
  if (error.code === 'UNAUTHORIZED') headers['www-authenticate'] = 'Bearer';
  if (error.code === 'PAYLOAD_TOO_LARGE' && error.details?.connectionClose === true)
    headers.connection = 'close';
  return new Response(JSON.stringify(errorBody(error, dialectForPath(c.req.path))), { status, headers });
}
