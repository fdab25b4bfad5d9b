import type { MiddlewareHandler } from 'hono';
import { createRequestDeadline, raceAbort } from './requestDeadline.js';
import type { AppEnv } from './serverContext.js';

/**
 * Gives each request a signal (`c.get('signal')`) that aborts when the client goes away
 * (`CANCELLED`) or after `timeoutMs` (`TIMEOUT`, 504).
 */
export function deadlineMiddleware(timeoutMs: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deadline = createRequestDeadline(c.req.raw.signal, timeoutMs);
    c.set('signal', deadline.signal);
    try {
      // A body that stops arriving must not outlive the deadline either.
      await raceAbort(next(), deadline.signal);
    } finally {
      deadline.dispose();
    }
  };
}
