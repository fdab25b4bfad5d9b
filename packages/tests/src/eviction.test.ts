import type { RunningServer } from '@akidb/server';
import { afterAll, describe, expect, it } from 'vitest';
import { call, ledger, ledgerSummary } from './support/httpClient.js';
import { SMALL_MODEL, startTestServer } from './support/inProcessServer.js';
import { metricValue, scrape } from './support/metrics.js';
import { readProcessMemory } from './support/serverProcess.js';

const INT8 = 'all-minilm-l6-v2-int8';
const FP32 = 'all-minilm-l6-v2';
const TEXTS = ['The cat sat on the mat.', 'Eviction must never lose a request.', 'Ein deutscher Satz.'];
const ROUNDS = 4;
const PER_MODEL = 6;

const servers: RunningServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  console.log(`[figures] eviction: ${ledgerSummary()}`);
});

const dot = (a: readonly number[], b: readonly number[]): number =>
  a.reduce((sum, v, i) => sum + v * (b[i] as number), 0);

/** Embeds TEXTS with `model`, one text per request. */
const embedAll = (url: string, model: string) =>
  Promise.all(TEXTS.map((text) => call(url, '/api/v1/embed', { body: { model, texts: [text] } })));

/**
 * Sends ROUNDS rounds of PER_MODEL concurrent requests for each of `models`, interleaved, so the
 * models evict each other while requests for both are in flight. Every answer must be 200 with the
 * vector the model gave before any eviction (no request served by the wrong or a released model).
 */
async function alternateUnderLoad(url: string, models: readonly string[]): Promise<number> {
  const reference = new Map<string, number[][]>();
  for (const model of models) {
    const results = await embedAll(url, model);
    expect(results.map((r) => r.status)).toEqual(TEXTS.map(() => 200));
    reference.set(
      model,
      results.map((r) => r.json.embeddings[0]),
    );
  }
  let sent = 0;
  const similarities: { model: string; cosine: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const requests = Array.from({ length: PER_MODEL * models.length }, (_, i) => {
      const model = models[i % models.length] as string;
      const textIndex = (i + round) % TEXTS.length;
      return call(url, '/api/v1/embed', { body: { model, texts: [TEXTS[textIndex]] } }).then((res) => ({
        model,
        textIndex,
        res,
      }));
    });
    sent += requests.length;
    for (const { model, textIndex, res } of await Promise.all(requests)) {
      expect({ model, status: res.status, code: res.json?.error?.code }).toEqual({
        model,
        status: 200,
        code: undefined,
      });
      expect(res.json.model).toBe(model);
      const expected = reference.get(model)?.[textIndex] as number[];
      similarities.push({ model, cosine: dot(res.json.embeddings[0], expected) });
    }
  }
  for (const model of models) {
    const worst = Math.min(...similarities.filter((s) => s.model === model).map((s) => s.cosine));
    console.log(`[figures] eviction: ${model} worst cosine to its pre-eviction vector ${worst.toFixed(6)}`);
    expect({ model, close: worst > (model.endsWith('-int8') ? 0.99 : 0.9999) }).toEqual({
      model,
      close: true,
    });
  }
  return sent;
}

describe('eviction while requests are in flight', () => {
  it('two models sharing one free slot evict each other under concurrent load: every request 200, right vectors', async () => {
    // maxModels 2: the pinned default model plus one slot that INT8 and FP32 fight over.
    const server = await startTestServer({ maxModels: 2 });
    servers.push(server);
    const threadsBefore = readProcessMemory(process.pid).threads;
    const sent = await alternateUnderLoad(server.url, [INT8, FP32]);
    const samples = await scrape(server.url);
    const evictions = metricValue(samples, 'akidb_model_cache_evictions_total');
    const loads = metricValue(samples, 'akidb_model_cache_loads_total');
    expect(evictions).toBeGreaterThanOrEqual(ROUNDS);
    expect(metricValue(samples, 'akidb_models_loaded')).toBeLessThanOrEqual(2);
    // Released sessions end their worker threads: the thread count does not grow with the evictions.
    await call(server.url, '/api/v1/embed', { body: { model: INT8, texts: ['settle'] } });
    const threadsAfter = readProcessMemory(process.pid).threads;
    console.log(
      `[figures] eviction: ${sent} concurrent requests across ${INT8}/${FP32}, ${loads} loads, ${evictions} evictions, threads ${threadsBefore} -> ${threadsAfter}`,
    );
    expect(threadsAfter).toBeLessThanOrEqual(threadsBefore + 8);
  });

  it('with maxModels 1, the default model and another alternate under load: every request 200', async () => {
    const server = await startTestServer({ maxModels: 1 });
    servers.push(server);
    const sent = await alternateUnderLoad(server.url, [SMALL_MODEL, INT8]);
    const evictions = metricValue(await scrape(server.url), 'akidb_model_cache_evictions_total');
    console.log(`[figures] eviction (maxModels 1): ${sent} requests, ${evictions} evictions`);
    expect(evictions).toBeGreaterThanOrEqual(ROUNDS);
  });

  it('no error body leaked an internal path or a stack trace', () => {
    expect(ledger.problems).toEqual([]);
  });
});
