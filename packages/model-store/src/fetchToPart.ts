import { createHash } from 'node:crypto';
import { type FileHandle, open, rm, stat } from 'node:fs/promises';
import { AkidbError } from '@akidb/core';
import {
  cancelledError,
  checksumMismatchError,
  type DownloadContext,
  httpStatusError,
  sizeMismatchError,
} from './errors.js';
import { hashFile } from './hashFile.js';

/**
 * One file to download into `partPath`, with the size and sha256 it must have. `null` means not known
 * in advance (a file of a converted model that nothing pins): the server's length is taken and the
 * hash is only computed.
 */
export interface DownloadTarget {
  ctx: DownloadContext;
  partPath: string;
  size: number | null;
  sha256: string | null;
}

/** What a completed download holds. */
export interface DownloadedFile {
  size: number;
  sha256: string;
}

/** How to fetch: the fetch function, headers, the stall timeout, cancellation and progress. */
export interface TransferOptions {
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
  /** Abort an attempt after this long without a byte (headers included). */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Called as bytes arrive: bytes in the part file so far, and the file's size. */
  onBytes?: ((received: number, total: number) => void) | undefined;
}

/** A failure worth another attempt: a stall, a cut connection, a network error, a 5xx or 429. */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
  constructor(
    readonly kind: 'stall' | 'network' | 'status',
    message: string,
    readonly status?: number,
    readonly statusText?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (info) => info.size,
    () => 0,
  );
}

function rangeStart(contentRange: string | null): number | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(contentRange?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The full length a response announces: Content-Range's total on a 206, else Content-Length. */
function announcedSize(response: Response): number | null {
  const total = /\/(\d+)$/.exec(response.headers.get('content-range')?.trim() ?? '')?.[1];
  const value = response.status === 206 ? total : (response.headers.get('content-length') ?? undefined);
  return value === undefined ? null : Number(value);
}

/**
 * One download attempt into `target.partPath`. An existing part file is resumed with an HTTP Range
 * request (206 appends; a 200 restarts from byte 0). The sha256 is computed while streaming; a part of
 * the right size but the wrong hash is deleted and `CHECKSUM_MISMATCH` thrown. Returns once the part is
 * complete and verified; throws {@link RetryableError} for failures another attempt may fix. Without a
 * known size, the server's announced length is the size (and a part file is always resumed once).
 */
export async function fetchToPart(target: DownloadTarget, options: TransferOptions): Promise<DownloadedFile> {
  const { ctx, partPath } = target;
  let size = target.size;
  // A cancel that landed between two files must stop here: the listener below would never fire.
  if (options.signal?.aborted) throw cancelledError(ctx.model, options.signal.reason);
  let offset = await sizeOf(partPath);
  if (size !== null && offset > size) {
    await rm(partPath, { force: true });
    offset = 0;
  }
  let hash = offset > 0 ? await hashFile(partPath) : createHash('sha256');
  let received = offset;
  if (size === null || offset < size) {
    const controller = new AbortController();
    let stalled = false;
    const onAbort = (): void => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, options.timeoutMs);
    let handle: FileHandle | undefined;
    try {
      const headers = offset > 0 ? { ...options.headers, Range: `bytes=${offset}-` } : options.headers;
      const response = await options.fetch(ctx.url, {
        headers,
        signal: controller.signal,
        redirect: 'follow',
      });
      if (response.status === 206 && rangeStart(response.headers.get('content-range')) !== offset) {
        response.body?.cancel().catch(() => undefined);
        await rm(partPath, { force: true });
        throw new RetryableError(
          'network',
          `server answered a resume from byte ${offset} with another range`,
        );
      }
      if (response.status === 200 && offset > 0) {
        offset = 0; // The server ignored Range: start over.
        hash = createHash('sha256');
      }
      if (size === null && (response.status === 200 || response.status === 206)) {
        size = announcedSize(response);
      }
      if (response.status !== 200 && response.status !== 206) {
        response.body?.cancel().catch(() => undefined);
        if (response.status === 416) await rm(partPath, { force: true });
        if (response.status === 416 || response.status === 429 || response.status >= 500) {
          throw new RetryableError('status', `HTTP ${response.status}`, response.status, response.statusText);
        }
        throw httpStatusError(ctx, response.status, response.statusText, 'Authorization' in options.headers);
      }
      handle = await open(partPath, offset > 0 ? 'a' : 'w');
      received = offset;
      options.onBytes?.(received, size ?? 0);
      for await (const chunk of response.body ?? []) {
        timer.refresh();
        const bytes = chunk as Uint8Array;
        if (size !== null && received + bytes.byteLength > size) {
          await handle.close();
          handle = undefined;
          await rm(partPath, { force: true });
          throw sizeMismatchError(ctx, size);
        }
        await handle.write(bytes);
        hash.update(bytes);
        received += bytes.byteLength;
        options.onBytes?.(received, size ?? received);
      }
      if (size !== null && received < size) {
        throw new RetryableError('network', `connection closed after ${received} of ${size} bytes`);
      }
    } catch (error) {
      if (options.signal?.aborted) throw cancelledError(ctx.model, options.signal.reason);
      if (stalled)
        throw new RetryableError('stall', `no data for ${options.timeoutMs} ms`, undefined, undefined, {
          cause: error,
        });
      if (error instanceof AkidbError || error instanceof RetryableError) throw error;
      const message =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      throw new RetryableError('network', message, undefined, undefined, { cause: error });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      await handle?.close();
    }
  }
  const actual = hash.digest('hex');
  if (target.sha256 !== null && actual !== target.sha256) {
    await rm(partPath, { force: true });
    throw checksumMismatchError(ctx, target.sha256, actual);
  }
  return { size: size ?? received, sha256: actual };
}
