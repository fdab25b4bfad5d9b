import type { RunningServer } from '@akidb/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ledger, ledgerSummary, stillHealthy } from './support/httpClient.js';
import { startTestServer } from './support/inProcessServer.js';
import { metricValue, scrape, serverErrors } from './support/metrics.js';
import { rawExchange } from './support/rawHttp.js';
import { waitUntil } from './support/waitUntil.js';

const MAX_BATCH = 2;
let server: RunningServer;
let impatient: RunningServer;

beforeAll(async () => {
  server = await startTestServer({ maxBatchSize: MAX_BATCH });
  impatient = await startTestServer({ requestTimeoutMs: 1000 });
});

afterAll(async () => {
  await Promise.all([server?.close(), impatient?.close()]);
  console.log(`[figures] disconnects: ${ledgerSummary()}`);
});

const texts = (n: number, tag: string) =>
  Array.from(
    { length: n },
    (_, i) => `${tag} ${i}: a sentence with enough words to cost real inference time`,
  );
const rowsInferred = async (): Promise<number> =>
  metricValue(await scrape(server.url), 'akidb_batch_size_sum');
const queueDepth = async (): Promise<number> => metricValue(await scrape(server.url), 'akidb_queue_depth');

/** Starts an abortable embed request; its promise never rejects (an abort resolves to the error). */
function start(body: unknown): { controller: AbortController; done: Promise<unknown> } {
  const controller = new AbortController();
  const done = call(server.url, '/api/v1/embed', { body, signal: controller.signal }).catch(
    (e: unknown) => e,
  );
  return { controller, done };
}

describe('a client that goes away', () => {
  it('mid-queue: its texts are dropped before inference; the request ahead of it is unaffected', async () => {
    const before = await rowsInferred();
    const ahead = start({ texts: texts(300, 'ahead') });
    await waitUntil(async () => (await queueDepth()) > 200);
    const behind = start({ texts: texts(300, 'behind') });
    await waitUntil(async () => (await queueDepth()) > 300);
    behind.controller.abort();
    expect(await behind.done).toBeInstanceOf(Error);
    const answered = (await ahead.done) as { status: number; json: { embeddings: unknown[] } };
    expect(answered.status).toBe(200);
    expect(answered.json.embeddings).toHaveLength(300);
    await waitUntil(async () => (await queueDepth()) === 0);
    const inferred = (await rowsInferred()) - before;
    console.log(
      `[figures] disconnects: mid-queue abort of 300 texts: ${inferred} rows inferred (300 expected)`,
    );
    expect(inferred).toBe(300);
  });

  it('mid-request: the rest of its texts are dropped once it goes', async () => {
    const before = await rowsInferred();
    const request = start({ texts: texts(600, 'gone') });
    await waitUntil(async () => (await rowsInferred()) - before >= 20);
    request.controller.abort();
    const atAbort = (await rowsInferred()) - before;
    expect(await request.done).toBeInstanceOf(Error);
    await waitUntil(async () => (await queueDepth()) === 0);
    const inferred = (await rowsInferred()) - before;
    console.log(
      `[figures] disconnects: mid-request abort of 600 texts: ${inferred} rows inferred (${atAbort} at abort)`,
    );
    // Batches dispatched before the server saw the connection close (two per replica are in flight at
    // any time, and a few more start while the close travels) ran; the hundreds still queued did not.
    expect(inferred).toBeLessThan(100);
    expect(await stillHealthy(server.url)).toBe(true);
  });

  it('a crowd of 40 clients leaving at random moments leaves an empty queue and a healthy server', async () => {
    const before = await rowsInferred();
    const crowd = Array.from({ length: 40 }, (_, i) => start({ texts: texts(20, `crowd ${i}`) }));
    await Promise.all(
      crowd.map(
        ({ controller }) =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              controller.abort();
              resolve();
            }, Math.random() * 400),
          ),
      ),
    );
    const outcomes = await Promise.all(crowd.map(({ done }) => done));
    await waitUntil(async () => (await queueDepth()) === 0);
    const finished = outcomes.filter((o) => !(o instanceof Error)) as { status: number }[];
    expect(finished.every((o) => o.status === 200)).toBe(true);
    const inferred = (await rowsInferred()) - before;
    console.log(
      `[figures] disconnects: crowd of 40×20 texts: ${finished.length} finished before their abort, ${inferred} of 800 rows inferred`,
    );
    expect(await stillHealthy(server.url)).toBe(true);
  });

  it('a client that disconnects halfway through uploading its body does not disturb the server', async () => {
    for (let i = 0; i < 5; i++) {
      const answer = await rawExchange(server.port, {
        head: 'POST /api/v1/embed HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n',
        body: `{"texts":["${'a'.repeat(100_000)}`,
        destroyAfterWriteMs: 50,
        waitMs: 200,
      });
      expect(answer).toBe('');
    }
    expect(await stillHealthy(server.url)).toBe(true);
  });

  it('no request on this server was answered with a 5xx', async () => {
    expect(serverErrors(await scrape(server.url))).toBe(0);
  });
});

describe('a client that stalls', () => {
  it('a body that stops arriving is cut at the request deadline (504 TIMEOUT), not held open', async () => {
    const answer = await rawExchange(impatient.port, {
      head: 'POST /api/v1/embed HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
      body: '{"texts":',
      waitMs: 8000,
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 504 Gateway Timeout');
    expect(answer).toContain('"TIMEOUT"');
    expect(await stillHealthy(impatient.url)).toBe(true);
  });

  it('no error body leaked an internal path or a stack trace', () => {
    expect(ledger.problems).toEqual([]);
  });
});
