import { rename } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AkidbError } from '@akidb/core';
import { cancelledError, httpStatusError, networkError, stallError } from './errors.js';
import {
  type DownloadedFile,
  type DownloadTarget,
  fetchToPart,
  RetryableError,
  type TransferOptions,
} from './fetchToPart.js';

/** Retry policy of {@link downloadFile}. */
export interface RetryOptions {
  /** Extra attempts after the first for stalls, cut connections, network errors, 5xx and 429. */
  retries: number;
  /** Delay before the first retry; doubles each time (capped at 30 s). */
  retryDelayMs: number;
}

function finalError(
  error: RetryableError,
  target: DownloadTarget,
  options: TransferOptions,
  attempts: number,
): AkidbError {
  if (error.kind === 'stall') return stallError(target.ctx, options.timeoutMs, attempts);
  if (error.kind === 'status' && error.status !== undefined) {
    return httpStatusError(
      target.ctx,
      error.status,
      error.statusText ?? '',
      'Authorization' in options.headers,
    );
  }
  return networkError(target.ctx, attempts, error);
}

/**
 * Downloads one file with resume and retries, then renames the verified part file to `finalPath`.
 * The file appears at `finalPath` only once its size and sha256 match. Returns its size and sha256.
 */
export async function downloadFile(
  target: DownloadTarget,
  finalPath: string,
  options: TransferOptions & RetryOptions,
): Promise<DownloadedFile> {
  let done: DownloadedFile;
  for (let attempt = 1; ; attempt += 1) {
    try {
      done = await fetchToPart(target, options);
      break;
    } catch (error) {
      if (!(error instanceof RetryableError)) throw error;
      if (attempt > options.retries) throw finalError(error, target, options, attempt);
      const delay = Math.min(options.retryDelayMs * 2 ** (attempt - 1), 30_000);
      try {
        await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
      } catch {
        throw cancelledError(target.ctx.model, options.signal?.reason);
      }
    }
  }
  await rename(target.partPath, finalPath);
  return done;
}
