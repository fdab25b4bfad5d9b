import autocannon from 'autocannon';
import type { ServerLevel } from '../report/reportTypes.js';

/** One load level: `concurrency` clients, each sending one text per request, back to back. */
export interface LoadLevel {
  url: string;
  model: string;
  texts: readonly string[];
  concurrency: number;
  durationS: number;
}

/**
 * Drives `POST /api/v1/embed` with autocannon: each connection is a client with one request in
 * flight, cycling through the corpus from its own offset so concurrent requests carry different
 * texts (as real traffic would). Bounded by duration and a 30 s per-request timeout.
 *
 * @example
 * const level = await driveLevel({ url, model, texts: corpus, concurrency: 8, durationS: 10 });
 */
export async function driveLevel(level: LoadLevel): Promise<Omit<ServerLevel, 'fractionOfInProcess'>> {
  const requests = level.texts.map((text) => ({
    method: 'POST',
    path: '/api/v1/embed',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: level.model, texts: [text] }),
  }));
  let clientIndex = 0;
  const stride = Math.max(1, Math.floor(requests.length / Math.max(1, level.concurrency)));
  const result = await autocannon({
    url: level.url,
    connections: level.concurrency,
    duration: level.durationS,
    timeout: 30,
    requests,
    setupClient: (client) => {
      const offset = (clientIndex++ * stride) % requests.length;
      client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
    },
  });
  const ok = countStatus(result.statusCodeStats, (code) => code >= 200 && code < 300);
  return {
    concurrency: level.concurrency,
    durationS: result.duration,
    requests: result.requests.total,
    ok,
    errors: result.errors,
    timeouts: result.timeouts,
    status429: countStatus(result.statusCodeStats, (code) => code === 429),
    non2xx: result.non2xx,
    textsPerSecond: ok / result.duration,
    latency: {
      p50Ms: result.latency.p50,
      p90Ms: result.latency.p90,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
    },
  };
}

function countStatus(stats: Record<string, { count: number }>, match: (code: number) => boolean): number {
  let total = 0;
  for (const [code, { count }] of Object.entries(stats ?? {})) {
    if (match(Number(code))) total += Number(count);
  }
  return total;
}
