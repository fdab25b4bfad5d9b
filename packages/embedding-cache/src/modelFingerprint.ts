import { createHash } from 'node:crypto';
import { cacheOptionInvalid } from './errors.js';

/** One model file as a manifest lists it. */
export interface FingerprintFile {
  path: string;
  sha256: string | null;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A content fingerprint of a model: sha256 over its files' paths and sha256 digests, sorted by path.
 * The model store only serves files that hash to their manifest's sha256, so a changed file (a new
 * revision, a re-export) gives a new fingerprint and cached vectors of the old files are never served.
 * Throws `INPUT_INVALID` when a file has no sha256 (nothing could then tell two revisions apart).
 *
 * @example
 * const fingerprint = modelFingerprint(manifest.files); // 'Xq3…' (43 base64url chars)
 */
export function modelFingerprint(files: readonly FingerprintFile[]): string {
  if (files.length === 0) throw cacheOptionInvalid('a model fingerprint needs at least one file', {});
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash('sha256');
  for (const file of sorted) {
    if (file.sha256 === null || !SHA256_HEX.test(file.sha256)) {
      throw cacheOptionInvalid(`model file ${file.path} has no sha256`, { path: file.path });
    }
    hash.update(`${file.path}\u0000${file.sha256}\n`);
  }
  return hash.digest('base64url');
}
