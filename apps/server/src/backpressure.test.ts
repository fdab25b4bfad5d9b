import { createEmbeddingService, type EmbeddingService } from '@akidb/embedding-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './serverConfig.js';
import { serviceOptionsFor } from './serviceOptions.js';
import { type RunningServer, startServer } from './startServer.js';
import { metricValue, postJson, REPO_MODELS_DIR, scrape, waitFor } from './testSupport.js';

// Many mid-length texts in batches of 2: hundreds of inference calls, so the queue stays full for a while.
const FLOOD = Array.from(
  { length: 2000 },
  (_, i) =>
    `Request number ${i} carries a sentence long enough to cost some real inference work, ${'and more words '.repeat(6)}`,
);
const MAX_BATCH = 2;

let service: EmbeddingService;
let server: RunningServer;
let impatient: RunningServer;

const depth = async (url: string): Promise<number> => metricValue(await scrape(url), 'akidb_queue_depth');
const rowsInferred = async (url: string): Promise<number> =>
  metricValue(await scrape(url), 'akidb_batch_size_sum');

beforeAll(async () => {
  const config = { port: 0, logLevel: 'silent', maxBatchSize: MAX_BATCH, maxQueueTexts: 50 };
  const settings = resolveConfig({ ...config, manifestsDirs: [REPO_MODELS_DIR] });
  service = await createEmbeddingService({ ...serviceOptionsFor(settings), offline: true });
  server = await startServer(config, { service });
  impatient = await startServer({ ...config, requestTimeoutMs: 250 }, { service });
  await server.preloaded;
});

afterAll(async () => {
  await Promise.all([server?.close(), impatient?.close()]);
  await service?.close();
});

/** Starts a flood request that the test can abort; resolves once its texts are queued. */
async function startFlood(url: string): Promise<{ controller: AbortController; done: Promise<unknown> }> {
  const controller = new AbortController();
  const done = postJson(`${url}/api/v1/embed`, { texts: FLOOD }, { signal: controller.signal }).catch(
    (e: unknown) => e,
  );
  await waitFor(async () => (await depth(url)) > 1000);
  return { controller, done };
}

describe('a full queue', () => {
  it('answers 429 OVERLOADED with Retry-After on every dialect', async () => {
    const flood = await startFlood(server.url);
    const akidb = await postJson(`${server.url}/api/v1/embed`, { texts: ['one more', 'and another'] });
    expect(akidb.status).toBe(429);
    expect(akidb.body.error.code).toBe('OVERLOADED');
    expect(Number(akidb.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(Number(akidb.headers.get('retry-after')))).toBe(true);

    const openai = await postJson(`${server.url}/v1/embeddings`, { input: 'one more' });
    expect(openai.status).toBe(429);
    expect(openai.body.error).toMatchObject({ code: 'OVERLOADED', type: 'rate_limit_error' });
    expect(openai.headers.get('retry-after')).not.toBeNull();

    const tei = await postJson(`${server.url}/embed`, { inputs: 'one more' });
    expect(tei.status).toBe(429);
    expect(tei.body).toMatchObject({ code: 'OVERLOADED', error_type: 'Overloaded' });

    flood.controller.abort();
    await flood.done;
    await waitFor(async () => (await depth(server.url)) === 0);
  });
});

describe('a client that goes away', () => {
  it('has its queued texts dropped before inference', async () => {
    const before = await rowsInferred(server.url);
    const flood = await startFlood(server.url);
    flood.controller.abort();
    expect(await flood.done).toBeInstanceOf(Error);
    await waitFor(async () => (await depth(server.url)) === 0);
    const atDrop = await rowsInferred(server.url);

    const after = await postJson(`${server.url}/api/v1/embed`, { texts: ['still serving'] });
    expect(after.status).toBe(200);
    const end = await rowsInferred(server.url);
    // Only the batches already handed to the replicas at the abort (two per replica, at most MAX_BATCH
    // rows each) and the new text ran after the drop.
    const { replicas } = await service.modelInfo();
    expect(end - atDrop).toBeLessThanOrEqual(2 * replicas * MAX_BATCH + 1);
    expect(end - before).toBeLessThan(FLOOD.length / 2);
  });
});

describe('the request deadline', () => {
  it('answers 504 TIMEOUT and leaves nothing of the request queued', async () => {
    const res = await postJson(`${impatient.url}/api/v1/embed`, { texts: FLOOD });
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('TIMEOUT');
    await waitFor(async () => (await depth(impatient.url)) === 0);
    expect(await rowsInferred(impatient.url)).toBeLessThan(FLOOD.length);
    const quick = await postJson(`${impatient.url}/v1/embeddings`, { input: 'fast enough' });
    expect(quick.status).toBe(200);
  });
});
