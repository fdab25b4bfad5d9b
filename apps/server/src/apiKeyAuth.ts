import { createHash, timingSafeEqual } from 'node:crypto';
import { AkidbError } from '@akidb/core';
import type { MiddlewareHandler } from 'hono';

/** Paths that never need the API key (liveness probes). */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/health']);

/**
 * True when `authorization` is `Bearer <apiKey>`. Compares SHA-256 digests with
 * `crypto.timingSafeEqual`, so the time taken says nothing about the key or its length.
 */
export function bearerMatches(authorization: string | undefined, apiKey: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  const given = digest(match?.[1] ?? '');
  const matches = timingSafeEqual(given, digest(apiKey));
  return match !== null && matches;
}

/**
 * Requires `Authorization: Bearer <apiKey>` on every path but {@link PUBLIC_PATHS}; throws
 * `UNAUTHORIZED` (401) otherwise.
 *
 * @example
 * if (config.apiKey) app.use('*', apiKeyAuth(config.apiKey));
 */
export function apiKeyAuth(apiKey: string): MiddlewareHandler {
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    if (!bearerMatches(c.req.header('authorization'), apiKey)) {
      throw new AkidbError('UNAUTHORIZED', 'Missing or invalid API key; send Authorization: Bearer <key>');
    }
    return next();
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
