import type { IncomingMessage } from 'node:http';
import { AkidbError } from '@akidb/core';
import type { MiddlewareHandler } from 'hono';

const DISCARD_MAX_BYTES = 64 * 1024 * 1024;
const DISCARD_MAX_MS = 2000;

/**
 * `413 PAYLOAD_TOO_LARGE` for bodies over `maxBytes`, decided while reading and before any parsing.
 * The rest of an oversize body is read and discarded (at most 64 MiB or 2 s) so that a client still
 * uploading receives its 413 instead of a reset connection; `Connection: close` when it gives up.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      // Node holds the body to its Content-Length, so a declared size within the limit is safe.
      if (Number(declared) <= maxBytes) return next();
      const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
      const drained = incoming
        ? await drainIncoming(incoming)
        : await discard(c.req.raw.body?.getReader(), 0);
      throw tooLarge(maxBytes, drained);
    }
    const body = c.req.raw.body;
    if (!body) return next();
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        chunks.length = 0;
        throw tooLarge(maxBytes, await discard(reader, size));
      }
      chunks.push(value);
    }
    const whole = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.length;
    }
    c.req.raw = new Request(c.req.raw, { body: whole });
    return next();
  };
}

function tooLarge(maxBytes: number, drained: boolean): AkidbError {
  return new AkidbError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes`, {
    details: { maxBodyBytes: maxBytes, ...(drained ? {} : { connectionClose: true }) },
  });
}

function drainIncoming(incoming: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    let size = 0;
    const finish = (drained: boolean): void => {
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      resolve(drained);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > DISCARD_MAX_BYTES) finish(false);
    };
    const onEnd = (): void => finish(true);
    const onError = (): void => finish(false);
    const timer = setTimeout(() => finish(false), DISCARD_MAX_MS);
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onError);
    incoming.resume();
  });
}

async function discard(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
  already: number,
): Promise<boolean> {
  if (!reader) return true;
  const started = performance.now();
  let size = already;
  while (size <= DISCARD_MAX_BYTES && performance.now() - started < DISCARD_MAX_MS) {
    const { done, value } = await reader.read();
    if (done) return true;
    size += value.length;
  }
  await reader.cancel().catch(() => undefined);
  return false;
}
