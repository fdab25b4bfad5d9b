import { AkidbError } from '@akidb/core';
import type { Metadata } from '@grpc/grpc-js';
import { bearerMatches } from '../apiKeyAuth.js';

/**
 * Throws `UNAUTHORIZED` unless the call's `authorization` metadata is `Bearer <apiKey>` (when the server has a
 * key), compared as the HTTP middleware compares it.
 */
export function checkGrpcAuth(metadata: Metadata, apiKey: string | undefined): void {
  if (apiKey === undefined) return;
  const [value] = metadata.get('authorization');
  if (!bearerMatches(typeof value === 'string' ? value : undefined, apiKey)) {
    throw new AkidbError(
      'UNAUTHORIZED',
      'Missing or invalid API key; send metadata authorization: Bearer <key>',
    );
  }
}
