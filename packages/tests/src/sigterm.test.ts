import { afterAll, describe, expect, it } from 'vitest';
import { record } from './support/httpClient.js';
import { SMALL_MODEL } from './support/inProcessServer.js';
import { metricValue, scrape } from './support/metrics.js';
import { type ServerProcess, spawnServer, waitReady } from './support/serverProcess.js';
import { postTracked } from './support/trackedRequest.js';
import { waitUntil } from './support/waitUntil.js';

const REQUESTS = 80;
const TEXTS_PER_REQUEST = 5;
const MAX_QUEUE = 150;
const SENTENCE = 'a sentence long enough that every batch costs the server some real inference time';

let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.stop();
});

const refusedByServer = async (url: string): Promise<number> =>
  metricValue(await scrape(url), 'akidb_http_requests_total', { status: '429' });

describe('SIGTERM with a full queue', () => {
  it('answers every accepted request with 200, refuses only before the signal, and exits 0', async () => {
    server = await spawnServer([
      '--port',
      '0',
      '--default-model',
      SMALL_MODEL,
      '--max-batch-size',
      '4',
      '--max-queue',
      String(MAX_QUEUE),
    ]);
    const { url } = server;
    await waitReady(url);

    const texts = (i: number) =>
      Array.from({ length: TEXTS_PER_REQUEST }, (_, j) => `request ${i} text ${j}: ${SENTENCE} ${SENTENCE}`);
    const requests = Array.from({ length: REQUESTS }, (_, i) =>
      postTracked(`${url}/api/v1/embed`, { texts: texts(i) }),
    );
    await Promise.all(requests.map((r) => r.written));
    // Every request has been read once the refusals stop changing and the queue still holds work.
    let refused = -1;
    await waitUntil(
      async () => {
        const now = await refusedByServer(url);
        const depth = metricValue(await scrape(url), 'akidb_queue_depth');
        const settled = now === refused && depth > 0;
        refused = now;
        return settled;
      },
      100,
      50,
    );
    const depthAtSignal = metricValue(await scrape(url), 'akidb_queue_depth');
    const signalledAt = performance.now();
    server.child.kill('SIGTERM');

    const outcomes = await Promise.all(requests.map((r) => r.done));
    const exitCode = await server.exited;
    for (const outcome of outcomes) record('/api/v1/embed', outcome.status ?? 0, outcome.body);

    const failures = outcomes.filter((o) => o.status !== 200 && o.status !== 429);
    expect(failures.map((o) => o.error ?? o.status)).toEqual([]);
    const accepted = outcomes.filter((o) => o.status === 200);
    const refusals = outcomes.filter((o) => o.status === 429);
    expect(refusals).toHaveLength(refused);
    expect(refusals.every((o) => Number(o.headers['retry-after']) >= 1)).toBe(true);
    for (const outcome of accepted) {
      expect((JSON.parse(outcome.body) as { embeddings: number[][] }).embeddings).toHaveLength(
        TEXTS_PER_REQUEST,
      );
    }
    const answeredAfterSignal = accepted.filter((o) => o.at > signalledAt).length;
    expect(answeredAfterSignal).toBeGreaterThan(0);
    expect(exitCode).toBe(0);
    expect(server.logs.some((line) => line.msg === 'shut down')).toBe(true);
    console.log(
      `[figures] sigterm: ${REQUESTS} requests × ${TEXTS_PER_REQUEST} texts; ${refusals.length} refused (429) before SIGTERM, ` +
        `${depthAtSignal} texts queued at SIGTERM, ${accepted.length} answered 200 (${answeredAfterSignal} after SIGTERM), ` +
        `0 lost; exit code ${exitCode}`,
    );
  });
});
