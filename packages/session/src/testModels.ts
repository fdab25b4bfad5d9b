/**
 * Test helpers: where the real model lives, and catching AkidbErrors. Test-only; not exported
 * from the package.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AkidbError } from '@akidb/core';
import { isAkidbError, modelDirectory } from '@akidb/core';
import type { EncoderInput, SessionLogger } from './types.js';

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

/**
 * A deterministic MiniLM batch, `[CLS] … [SEP]` rows of pseudo-random vocabulary ids, no padding;
 * `seed` picks the ids. Fresh arrays on every call.
 */
export function miniLmBatch(batchSize: number, seqLength: number, seed = 1): EncoderInput {
  const inputIds = new BigInt64Array(batchSize * seqLength);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < inputIds.length; i++) {
    const column = i % seqLength;
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const id = column === 0 ? 101 : column === seqLength - 1 ? 102 : 1000 + (state % 28000);
    inputIds[i] = BigInt(id);
  }
  return { inputIds, attentionMask: new BigInt64Array(inputIds.length).fill(1n), batchSize, seqLength };
}

/** Largest element-wise difference of two equally long outputs. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new Error(`Outputs differ in length: ${a.length} vs ${b.length}.`);
  }
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}
