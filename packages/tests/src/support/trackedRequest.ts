import { request } from 'node:http';

/** One request sent on a connection of its own, with when it was fully written and how it ended. */
export interface TrackedRequest {
  /** Resolves once the whole request has been written to the socket. */
  readonly written: Promise<void>;
  /** Resolves with the outcome; never rejects. */
  readonly done: Promise<TrackedOutcome>;
}

/** How a {@link TrackedRequest} ended. */
export interface TrackedOutcome {
  status: number | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** `performance.now()` when the response ended (or the request failed). */
  at: number;
  error?: string;
}

/**
 * POSTs `body` as JSON to `url` on a fresh connection (no keep-alive pool), so that "written" means
 * this request's bytes are on its own socket.
 *
 * @example
 * const tracked = postTracked(`${url}/api/v1/embed`, { texts: ['a'] });
 * await tracked.written;
 * const { status } = await tracked.done;
 */
export function postTracked(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): TrackedRequest {
  const payload = Buffer.from(JSON.stringify(body));
  let markWritten!: () => void;
  const written = new Promise<void>((resolve) => {
    markWritten = resolve;
  });
  const done = new Promise<TrackedOutcome>((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: text, at: performance.now() }),
        );
        res.on('error', (error) =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: text,
            at: performance.now(),
            error: error.message,
          }),
        );
      },
    );
    req.on('error', (error) => {
      markWritten();
      resolve({ status: undefined, headers: {}, body: '', at: performance.now(), error: error.message });
    });
    req.on('finish', markWritten);
    req.end(payload);
  });
  return { written, done };
}
