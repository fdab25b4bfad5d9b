import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A request the test server received. */
export interface RecordedRequest {
  /** Path inside the repo (`onnx/model.onnx`), or the raw URL path when it was not a resolve URL. */
  file: string;
  repo: string;
  range: string | undefined;
  authorization: string | undefined;
  status: number;
}

/** Misbehaviour for the next request(s) of one file. */
export type Fault =
  | { kind: 'cut'; afterBytes: number } // send full headers, then part of the body, then drop the socket
  | { kind: 'stall'; afterBytes: number } // send part of the body, then nothing
  | { kind: 'hang' } // never answer
  | { kind: 'status'; status: number }; // answer with an error status

/**
 * A real HTTP server on 127.0.0.1 serving the Hub layout `/{org}/{repo}/resolve/{revision}/{path}`
 * from `<root>/{org}/{repo}/{revision}/{path}`, with Range support, Hub-like `HEAD` answers and
 * injectable faults. For tests.
 */
export interface HubTestServer {
  url: string;
  requests: RecordedRequest[];
  /** Faults by repo file path, consumed one per request. */
  faults: Map<string, Fault[]>;
  /** Answer Range requests with the whole file (200), like some mirrors do. */
  ignoreRange: boolean;
  /** When set, requests without `Authorization: Bearer <token>` get 401. */
  requiredToken: string | undefined;
  /**
   * Files of at least this many bytes are answered like Git LFS files on `HEAD`: a 302 carrying
   * `X-Linked-Etag` (their sha256) and `X-Linked-Size`, as the Hub does (default: never).
   */
  lfsMinBytes: number;
  /** Sha256 announced in `X-Linked-Etag` instead of the real one, by repo file path (to test lies). */
  announcedSha256: Map<string, string>;
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  body: Buffer,
  fault?: Fault,
): void {
  res.writeHead(status, { 'Content-Type': 'application/octet-stream', ...headers });
  if (fault?.kind === 'cut') res.write(body.subarray(0, fault.afterBytes), () => res.socket?.destroy());
  else if (fault?.kind === 'stall') res.write(body.subarray(0, fault.afterBytes));
  else res.end(body);
}

/** Starts the server on an ephemeral loopback port. */
export async function startHubTestServer(root: string): Promise<HubTestServer> {
  const hub: Omit<HubTestServer, 'url' | 'close'> = {
    requests: [],
    faults: new Map(),
    ignoreRange: false,
    requiredToken: undefined,
    lfsMinBytes: Number.POSITIVE_INFINITY,
    announcedSha256: new Map(),
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [org = '', repo = '', resolve, revision = '', ...rest] = url.pathname
      .slice(1)
      .split('/')
      .map(decodeURIComponent);
    const file = rest.join('/');
    const record: RecordedRequest = {
      file: resolve === 'resolve' ? file : url.pathname,
      repo: `${org}/${repo}`,
      range: req.headers.range,
      authorization: req.headers.authorization,
      status: 0,
    };
    hub.requests.push(record);
    const reply = (
      status: number,
      headers: Record<string, string | number> = {},
      body = Buffer.alloc(0),
      fault?: Fault,
    ): void => {
      record.status = status;
      send(res, status, headers, body, fault);
    };
    const fault = hub.faults.get(file)?.shift();
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') return reply(fault.status);
    if (hub.requiredToken !== undefined && req.headers.authorization !== `Bearer ${hub.requiredToken}`)
      return reply(401);
    const segments = [org, repo, revision, ...rest];
    if (resolve !== 'resolve' || segments.some((s) => s === '' || s === '.' || s === '..')) return reply(404);
    readFile(join(root, ...segments)).then(
      (body) => {
        if (req.method === 'HEAD') {
          const headers: Record<string, string | number> = {
            'Content-Length': body.length,
            'X-Repo-Commit': createHash('sha1').update(`${org}/${repo}@${revision}`).digest('hex'),
          };
          if (body.length < hub.lfsMinBytes) return reply(200, headers);
          const sha256 = hub.announcedSha256.get(file) ?? createHash('sha256').update(body).digest('hex');
          return reply(302, {
            ...headers,
            'Content-Length': 0,
            Location: `/cdn/${sha256}`,
            'X-Linked-Etag': `"${sha256}"`,
            'X-Linked-Size': body.length,
          });
        }
        const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
        if (!match || hub.ignoreRange) return reply(200, { 'Content-Length': body.length }, body, fault);
        const start = Number(match[1]);
        if (start >= body.length) return reply(416, { 'Content-Range': `bytes */${body.length}` });
        const headers = {
          'Content-Length': body.length - start,
          'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
        };
        return reply(206, headers, body.subarray(start), fault);
      },
      () => reply(404),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(hub, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
