import { connect } from 'node:net';

/** What {@link rawExchange} sends and how long it listens. */
export interface RawExchange {
  /** Request line and headers, ending with the blank line. */
  head: string;
  /** Body bytes to send after the head (possibly fewer than Content-Length says). */
  body?: string;
  /** Destroy the socket this long after writing (a client that goes away). */
  destroyAfterWriteMs?: number;
  /** Give up listening after this long; whatever arrived by then is returned. */
  waitMs: number;
}

/**
 * Talks HTTP/1.1 over a bare TCP socket to `127.0.0.1:port`, for requests fetch cannot make (a
 * truncated body, a client that vanishes mid-upload). Resolves with everything the server sent.
 *
 * @example
 * const answer = await rawExchange(port, { head: 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n', waitMs: 1000 });
 */
export function rawExchange(port: number, exchange: RawExchange): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(exchange.head);
      if (exchange.body !== undefined) socket.write(exchange.body);
      if (exchange.destroyAfterWriteMs !== undefined) setTimeout(finish, exchange.destroyAfterWriteMs);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      // One complete response is enough: stop once its declared body has arrived.
      const split = received.indexOf('\r\n\r\n');
      const length = /content-length:\s*(\d+)/i.exec(received.slice(0, split))?.[1];
      if (
        split >= 0 &&
        length !== undefined &&
        Buffer.byteLength(received.slice(split + 4)) >= Number(length)
      ) {
        finish();
      }
    });
    socket.on('error', finish);
    socket.on('close', finish);
    const timer = setTimeout(finish, exchange.waitMs);
  });
}
