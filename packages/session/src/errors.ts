import { basename } from 'node:path';
import { AkidbError } from '@akidb/core';
import type { ProviderAttempt } from './types.js';

/** The message of any thrown value, with absolute file paths cut down to their file names. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return redactPaths(text).trim();
}

/**
 * Replaces absolute POSIX and Windows paths by their last segment, so that ONNX Runtime messages
 * (which quote model files, provider libraries and its own source files) can reach clients.
 */
export function redactPaths(text: string): string {
  return text
    .replace(/(?<![\w.])(?:[A-Za-z]:)?(?:[\\/][\w.@+-]+)+[\\/]([\w.@+-]+)/g, '$1')
    .replace(/\s+/g, ' ');
}

/** MODEL_LOAD_FAILED for `modelPath`: names only the file, keeps the ONNX Runtime error as cause. */
export function modelLoadFailed(modelPath: string, reason: string, cause?: unknown): AkidbError {
  const file = basename(modelPath);
  return new AkidbError('MODEL_LOAD_FAILED', `Could not load ONNX model "${file}": ${reason}`, {
    cause,
    details: { file },
  });
}

/** EXECUTION_PROVIDER_UNAVAILABLE after every requested provider was skipped or failed. */
export function executionProviderUnavailable(
  requested: readonly string[],
  available: readonly string[],
  attempts: readonly ProviderAttempt[],
): AkidbError {
  const tried = attempts.map((a) => `${a.provider}: ${a.reason ?? a.outcome}`).join('; ');
  return new AkidbError(
    'EXECUTION_PROVIDER_UNAVAILABLE',
    `None of the requested execution providers (${requested.join(', ')}) could be used (${tried}). ` +
      `Usable here: ${available.join(', ')}. Install the provider's runtime ` +
      'libraries, or drop `strict` to fall back to CPU.',
    { details: { requested: [...requested], available: [...available], attempts: [...attempts] } },
  );
}

/** INFERENCE_FAILED wrapping an ONNX Runtime failure (or a model/output mismatch). */
export function inferenceFailed(
  message: string,
  cause?: unknown,
  details?: Record<string, unknown>,
): AkidbError {
  return new AkidbError('INFERENCE_FAILED', message, {
    cause,
    ...(details === undefined ? {} : { details }),
  });
}

/** DISPOSED: the session was released (or is being released). */
export function sessionDisposed(): AkidbError {
  return new AkidbError(
    'DISPOSED',
    'This ONNX session has been released; create a new session to run the model again.',
  );
}

/** INPUT_INVALID for a malformed encoder input or session option. */
export function invalidInput(message: string, details?: Record<string, unknown>): AkidbError {
  return new AkidbError('INPUT_INVALID', message, details === undefined ? {} : { details });
}

/** REPLICA_FAILED: the run's worker died and no other replica of the model could take the run. */
export function replicaFailed(
  reason: string,
  cause?: unknown,
  details?: Record<string, unknown>,
): AkidbError {
  return new AkidbError(
    'REPLICA_FAILED',
    `The model's session worker died and no other replica could take the run (${reason}); it is safe to retry.`,
    { cause, ...(details === undefined ? {} : { details }) },
  );
}
