import { AkidbError } from '@akidb/core';

/** One problem found in a manifest: a field path (`files[0].sha256`) and what is wrong there. */
export interface ManifestIssue {
  path: string;
  message: string;
}

/** A manifest that fails validation; the message names the file and every bad field. */
export function manifestInvalid(
  fileName: string,
  issues: readonly ManifestIssue[],
  cause?: unknown,
): AkidbError {
  const text = issues
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join('; ');
  return new AkidbError('MANIFEST_INVALID', `${fileName}: ${text}`, {
    cause,
    details: { file: fileName, issues: issues.map((issue) => ({ ...issue })) },
  });
}

/** A model id or alias the registry does not know; lists the ids it does know. */
export function modelNotFound(
  query: string,
  available: readonly string[],
  context = 'Unknown model',
): AkidbError {
  const shown = JSON.stringify(query.length > 100 ? `${query.slice(0, 100)}…` : query);
  const list = available.length > 0 ? available.join(', ') : '(none: no manifests were found)';
  return new AkidbError('MODEL_NOT_FOUND', `${context} ${shown}. Available models: ${list}.`, {
    details: { model: query, available: [...available] },
  });
}
