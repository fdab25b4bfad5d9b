import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { batchAt } from '../closedLoop.js';
import type { WindowCounts } from '../report/serverReportTypes.js';
import { readMainThreadCpuSeconds, readProcessCpuSeconds } from './readProcessCpu.js';

/** One level for the load generator. */
export interface DriveInput {
  /** Server origin, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** OpenAI-shaped embeddings route, e.g. `/v1/embeddings`. */
  path: string;
  model: string;
  texts: readonly string[];
  clients: number;
  textsPerRequest: number;
  /** Seconds of load before the measured window opens (not counted). */
  warmupS: number;
  durationS: number;
  /** The server's pid, to read its CPU time at the window's edges; `null` to skip. */
  serverPid: number | null;
  timeoutMs: number;
}

/** What one level measured, inside its window. */
export interface DriveResult extends WindowCounts {
  /** Latency of each 2xx request that completed inside the window, ms. */
  latenciesMs: number[];
  cpu: { loadGeneratorS: number; serverS: number | null; serverMainThreadS: number | null };
}

/** One finished request, as the load generator saw it. */
export interface RequestCompletion {
  endMs: number;
  latencyMs: number;
  status: number;
  texts: number;
  /** `timeout`, `error` (network), or `null` for an HTTP response. */
  failure: 'timeout' | 'error' | null;
}

/**
 * Closed-loop load: `clients` connections, each with one request in flight, sending
 * `{ model, input: [texts...] }` to `path` back to back for `warmupS + durationS` seconds. Requests
 * cycle through the texts, each client from its own offset. Only requests that complete inside the
 * measured window count; CPU seconds of this process and of the server are read at its edges.
 *
 * @example
 * const result = await driveLoad({ url, path: '/v1/embeddings', model, texts, clients: 8,
 *   textsPerRequest: 1, warmupS: 2, durationS: 10, serverPid: 4242, timeoutMs: 30_000 });
 */
export async function driveLoad(input: DriveInput): Promise<DriveResult> {
  const bodies = requestBodies(input.model, input.texts, input.textsPerRequest);
  const pool = new Pool(input.url, {
    connections: input.clients,
    pipelining: 1,
    headersTimeout: input.timeoutMs,
    bodyTimeout: input.timeoutMs,
    keepAliveTimeout: 60_000,
  });
  const completions: RequestCompletion[] = [];
  let firstError: string | null = null;
  const startMs = performance.now();
  const openMs = startMs + input.warmupS * 1000;
  const closeMs = openMs + input.durationS * 1000;
  const edges = measureEdges(openMs, closeMs, input.serverPid);
  const client = async (index: number): Promise<void> => {
    let next = Math.floor((index * bodies.length) / input.clients);
    while (performance.now() < closeMs) {
      const body = bodies[next % bodies.length] as string;
      next++;
      const began = performance.now();
      let status = 0;
      let failure: RequestCompletion['failure'] = null;
      try {
        const response = await pool.request({
          path: input.path,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        status = response.statusCode;
        const text = await response.body.text();
        if ((status < 200 || status >= 300) && firstError === null)
          firstError = `HTTP ${status}: ${text.slice(0, 200)}`;
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        failure = code.includes('TIMEOUT') ? 'timeout' : 'error';
        if (firstError === null) firstError = `${code} ${(error as Error).message}`.trim();
        // A refused connection fails at once: do not spin.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const endMs = performance.now();
      completions.push({
        endMs,
        latencyMs: endMs - began,
        status,
        texts: input.textsPerRequest,
        failure,
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: input.clients }, (_, index) => client(index)));
  } finally {
    await pool.close().catch(() => undefined);
  }
  const window = await edges;
  return { ...summarizeWindow(completions, window.openMs, window.closeMs), cpu: window.cpu, firstError };
}

/** The `{ model, input }` bodies, `textsPerRequest` consecutive texts each, wrapping around. */
export function requestBodies(model: string, texts: readonly string[], textsPerRequest: number): string[] {
  if (texts.length === 0) throw new Error('no texts to send');
  const count = Math.max(1, Math.ceil(texts.length / textsPerRequest));
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ model, input: batchAt(texts, textsPerRequest, i) }),
  );
}

/** Counts of the completions that ended inside `[openMs, closeMs]`. */
export function summarizeWindow(
  completions: readonly RequestCompletion[],
  openMs: number,
  closeMs: number,
): Omit<DriveResult, 'cpu' | 'firstError'> {
  const inside = completions.filter((c) => c.endMs >= openMs && c.endMs <= closeMs);
  const ok = inside.filter((c) => c.failure === null && c.status >= 200 && c.status < 300);
  const http = inside.filter((c) => c.failure === null);
  return {
    windowS: (closeMs - openMs) / 1000,
    requests: inside.length,
    ok: ok.length,
    texts: ok.reduce((sum, c) => sum + c.texts, 0),
    errors: inside.filter((c) => c.failure === 'error').length,
    timeouts: inside.filter((c) => c.failure === 'timeout').length,
    status429: http.filter((c) => c.status === 429).length,
    non2xx: http.filter((c) => c.status < 200 || c.status >= 300).length,
    latenciesMs: ok.map((c) => c.latencyMs),
  };
}

/** CPU seconds a process has used so far: all its threads, and its main thread alone. */
interface ServerCpu {
  all: number;
  main: number;
}

/**
 * The server's CPU seconds so far, all threads and its main thread, or `null` when it is gone (it
 * died: the level's errors say so).
 */
function readServerCpu(pid: number): ServerCpu | null {
  try {
    return { all: readProcessCpuSeconds(pid), main: readMainThreadCpuSeconds(pid) };
  } catch {
    return null;
  }
}

/** Reads CPU time at the window's edges (timers), and the edges' real times. */
async function measureEdges(
  plannedOpenMs: number,
  plannedCloseMs: number,
  serverPid: number | null,
): Promise<{ openMs: number; closeMs: number; cpu: DriveResult['cpu'] }> {
  const at = (whenMs: number): Promise<{ ms: number; own: NodeJS.CpuUsage; server: ServerCpu | null }> =>
    new Promise((resolve) => {
      setTimeout(
        () => {
          const server = serverPid === null ? null : readServerCpu(serverPid);
          resolve({ ms: performance.now(), own: process.cpuUsage(), server });
        },
        Math.max(0, whenMs - performance.now()),
      );
    });
  const open = await at(plannedOpenMs);
  const close = await at(plannedCloseMs);
  const own = process.cpuUsage(open.own);
  const [from, to] = [open.server, close.server];
  const server = from === null || to === null ? null : { all: to.all - from.all, main: to.main - from.main };
  return {
    openMs: open.ms,
    closeMs: close.ms,
    cpu: {
      loadGeneratorS: (own.user + own.system) / 1e6,
      serverS: server?.all ?? null,
      serverMainThreadS: server?.main ?? null,
    },
  };
}
