import { createHash } from 'node:crypto';
import type { TruncationDirection } from '@akidb/core';

/** Everything besides the text that decides which vector a model returns; two equal scopes give equal vectors. */
export interface CacheScope {
  /** Canonical model id. */
  model: string;
  /** Content fingerprint of the model files (see {@link modelFingerprint}); a new revision changes it. */
  fingerprint: string;
  /** The prefix actually prepended to each text (a named prompt resolved to its text; `''` for none). */
  prompt: string;
  /** Longest input in tokens, special tokens included. */
  maxTokens: number;
  truncate: boolean;
  truncationDirection: TruncationDirection;
  /** How inputs longer than `maxTokens` are handled when `truncate` is false. */
  longInput: 'error' | 'chunk';
  normalize: boolean;
  /** Matryoshka size, or `null` for the model's full dimension. */
  dimensions: number | null;
}

/** Bumped whenever the key derivation or the stored value format changes, so old entries can never match. */
const KEY_VERSION = 'akidb-embedding-cache/1';

/**
 * A digest of a {@link CacheScope}: computed once per request, then combined with each text by
 * {@link cacheKey}. Fields are written in a fixed order, so equal scopes always give equal digests.
 *
 * @example
 * const scope = cacheScopeDigest({ model: 'all-minilm-l6-v2', fingerprint, prompt: '', maxTokens: 256,
 *   truncate: true, truncationDirection: 'right', longInput: 'error', normalize: true, dimensions: null });
 */
export function cacheScopeDigest(scope: CacheScope): string {
  const fields = [
    KEY_VERSION,
    scope.model,
    scope.fingerprint,
    scope.prompt,
    scope.maxTokens,
    scope.truncate,
    scope.truncationDirection,
    scope.longInput,
    scope.normalize,
    scope.dimensions,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}

/** The cache key of one text under a scope digest: sha256 of both, 43 base64url characters. */
export function cacheKey(scopeDigest: string, text: string): string {
  return createHash('sha256').update(scopeDigest).update('\u0000').update(text).digest('base64url');
}
