/**
 * Test helpers: where the real model lives, and catching AkidbErrors. Test-only; not exported
 * from the package.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AkidbError } from '@akidb/core';
import { isAkidbError, modelDirectory } from '@akidb/core';
import type { SessionLogger } from './types.js';

/**
 * Path of the all-MiniLM-L6-v2 ONNX export in the model home. Throws (never skips) when it is
 * missing, so a test run without models fails loudly.
 */
export function miniLmModelPath(): string {
  const path = join(modelDirectory('all-minilm-l6-v2'), 'model.onnx');
  if (!existsSync(path)) {
    throw new Error(`Test model missing at ${path}: run \`pnpm models:prepare\` first.`);
  }
  return path;
}

/** Awaits `promise`, expecting it to reject with an AkidbError, and returns that error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AkidbError> {
  try {
    await promise;
  } catch (error) {
    if (isAkidbError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error('Expected the promise to reject with an AkidbError, but it resolved.');
}

/** A logger that keeps what it is told. */
export interface RecordingLogger extends SessionLogger {
  readonly warnings: string[];
  readonly infos: string[];
}

export function recordingLogger(): RecordingLogger {
  const warnings: string[] = [];
  const infos: string[] = [];
  return {
    warnings,
    infos,
    warn: (message) => {
      warnings.push(message);
    },
    info: (message) => {
      infos.push(message);
    },
  };
}
