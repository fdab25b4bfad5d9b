import { errorResponseProblems, findLeaks } from './errorBodyCheck.js';

/** A response, read whole. */
export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body (loosely typed: tests probe any shape), or undefined when it is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of arbitrary response bodies.
  json: any;
  /** Time to the whole body, in ms. */
  ms: number;
}

/** Options of {@link call}. */
export interface CallOptions {
  method?: string;
  /** JSON-encoded unless a string or bytes (sent as they are). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Every response this test file got, for its figures, plus every problem found in an error body
 * (wrong shape or status, internal paths, stack traces). Each test file has its own (vitest runs
 * each file in its own module graph).
 */
export const ledger: {
  byStatus: Map<number, number>;
  errorBodies: number;
  problems: string[];
} = { byStatus: new Map(), errorBodies: 0, problems: [] };

/** Counts a response and checks it if it is an error. */
export function record(path: string, status: number, text: string): void {
  ledger.byStatus.set(status, (ledger.byStatus.get(status) ?? 0) + 1);
  if (status < 400) return;
  ledger.errorBodies += 1;
  // `/ready` answers 503 with its own `{ status: "not_ready" }` body: only scanned for leaks.
  const problems =
    path === '/ready'
      ? findLeaks(text).map((leak) => `leaks ${leak}`)
      : errorResponseProblems(path, status, text);
  for (const problem of problems) {
    ledger.problems.push(`${status} ${path}: ${problem}`);
  }
}

/** One line of figures: requests by status. */
export function ledgerSummary(): string {
  const total = [...ledger.byStatus.values()].reduce((a, b) => a + b, 0);
  const statuses = [...ledger.byStatus]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  return `${total} responses (${statuses}); ${ledger.errorBodies} error bodies checked, ${ledger.problems.length} problems`;
}

/**
 * Sends one request to `base + path` and reads the whole answer; error responses are checked and
 * counted in {@link ledger}.
 *
 * @example
 * const res = await call(url, '/api/v1/embed', { body: { texts: ['hi'] } });
 */
export async function call(base: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const { body } = options;
  const raw = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
  const started = performance.now();
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(body === undefined ? {} : { body: raw ? (body as string | Uint8Array) : JSON.stringify(body) }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  record(path, response.status, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json, ms };
}

/** The server answers `/health` with 200 and embeds a text on the AkiDB route with 200. */
export async function stillHealthy(
  base: string,
  headers: Record<string, string> = {},
  model?: string,
): Promise<boolean> {
  const health = await call(base, '/health');
  const embed = await call(base, '/api/v1/embed', {
    body: { texts: ['still serving'], ...(model === undefined ? {} : { model }) },
    headers,
  });
  return health.status === 200 && embed.status === 200 && embed.json?.embeddings?.length === 1;
}
