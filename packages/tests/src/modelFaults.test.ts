import type { RunningServer } from '@akidb/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_MODELS, deriveBrokenModels, poisonedTokenizer } from './brokenModels.js';
import { errorCodeOf } from './support/errorBodyCheck.js';
import { call, ledger, ledgerSummary, stillHealthy } from './support/httpClient.js';
import { SMALL_MODEL, startTestServer } from './support/inProcessServer.js';
import { createModelHome, type ModelHome } from './support/modelHome.js';
import { backgroundTraffic } from './support/traffic.js';

let home: ModelHome;
let server: RunningServer;

beforeAll(async () => {
  home = await createModelHome([SMALL_MODEL]);
  await deriveBrokenModels(home);
  await home.derive('mismatched-vocab', SMALL_MODEL, {
    files: { 'tokenizer.json': await poisonedTokenizer(SMALL_MODEL, 'hello', 50_000) },
  });
  server = await startTestServer({ home: home.home });
});

afterAll(async () => {
  await server?.close();
  await home?.cleanup();
  console.log(`[figures] modelFaults: ${BROKEN_MODELS.length + 1} broken models; ${ledgerSummary()}`);
});

describe('broken model files are clean errors, and the server keeps serving', () => {
  it.each(BROKEN_MODELS.map((m) => [m.id, m] as const))('%s', async (_, broken) => {
    for (const [path, body] of [
      ['/api/v1/embed', { model: broken.id, texts: ['hello world'] }],
      ['/v1/embeddings', { model: broken.id, input: 'hello world' }],
      ['/api/v1/tokenize', { model: broken.id, texts: ['hello world'] }],
    ] as const) {
      const res = await call(server.url, path, { body });
      expect({ path, status: res.status, code: errorCodeOf(path, res.json) }).toEqual({
        path,
        status: broken.status,
        code: broken.code,
      });
      if (broken.reason !== undefined && path === '/api/v1/embed') {
        expect(res.json.error.details.reason).toBe(broken.reason);
      }
    }
    expect(await stillHealthy(server.url)).toBe(true);
    expect((await call(server.url, '/ready')).status).toBe(200);
    expect((await call(server.url, '/api/v1/models')).status).toBe(200);
  });

  it('concurrent requests for every broken model fail cleanly while the default model serves traffic', async () => {
    const traffic = backgroundTraffic(server.url, { texts: ['background request'] }, 3);
    const attempts = await Promise.all(
      BROKEN_MODELS.flatMap((broken) =>
        Array.from({ length: 6 }, () =>
          call(server.url, '/api/v1/embed', { body: { model: broken.id, texts: ['x'] } }).then((res) => ({
            id: broken.id,
            ok: res.status === broken.status && res.json?.error?.code === broken.code,
          })),
        ),
      ),
    );
    const background = await traffic.stop();
    expect(attempts.filter((a) => !a.ok)).toEqual([]);
    expect(background.sent).toBeGreaterThan(0);
    expect(background.statuses).toEqual({ 200: background.sent });
    console.log(
      `[figures] modelFaults: ${attempts.length} concurrent loads of broken models, ${background.sent} background requests all 200`,
    );
  });
});

describe('a tokenizer whose ids run past the embedding table', () => {
  it('gets a clean JSON error (no crash), and the process keeps serving', async () => {
    const res = await call(server.url, '/api/v1/embed', {
      body: { model: 'mismatched-vocab', texts: ['hello'] },
    });
    expect([500, 503]).toContain(res.status);
    expect(['INFERENCE_FAILED', 'MODEL_LOAD_FAILED']).toContain(res.json.error.code);
    expect(await stillHealthy(server.url)).toBe(true);
  });

  it("one request's bad ids do not fail the other requests batched with it", async () => {
    const model = 'mismatched-vocab';
    const good = (n: number) => Array.from({ length: n }, (_, i) => `innocent text number ${i}`);
    // The first request runs alone; the next three wait and are batched together.
    const results = await Promise.all([
      call(server.url, '/api/v1/embed', { body: { model, texts: good(64) } }),
      call(server.url, '/api/v1/embed', { body: { model, texts: good(2) } }),
      call(server.url, '/api/v1/embed', { body: { model, texts: ['hello'] } }),
      call(server.url, '/api/v1/embed', { body: { model, texts: good(3) } }),
    ]);
    const statuses = results.map((r) => r.status);
    if (statuses.every((s) => s === 503)) return; // refused at load time: nobody was served wrongly
    expect(statuses).toEqual([200, 200, 500, 200]);
  });
});

describe('memory budget smaller than a model', () => {
  it('a budget below the default model: healthy, not ready, MODEL_TOO_LARGE on every route', async () => {
    const tight = await startTestServer({ home: home.home, memoryBudgetMB: 100 });
    try {
      expect(await tight.preloaded).toBe(false);
      expect((await call(tight.url, '/health')).status).toBe(200);
      expect((await call(tight.url, '/ready')).status).toBe(503);
      for (const [path, body] of [
        ['/api/v1/embed', { texts: ['a'] }],
        ['/v1/embeddings', { input: 'a' }],
        ['/embed', { inputs: 'a' }],
      ] as const) {
        const res = await call(tight.url, path, { body });
        expect({ path, status: res.status, code: errorCodeOf(path, res.json) }).toEqual({
          path,
          status: 503,
          code: 'MODEL_TOO_LARGE',
        });
      }
    } finally {
      await tight.close();
    }
  });

  it('a model larger than what the budget leaves is refused before loading; smaller ones still load', async () => {
    const linked = await createModelHome([SMALL_MODEL, 'all-mpnet-base-v2-int8', 'all-minilm-l6-v2-int8']);
    // One replica per model: the budget then compares one copy of each model's weights.
    const budget = await startTestServer({ home: linked.home, memoryBudgetMB: 300, replicas: 1 });
    try {
      const big = await call(budget.url, '/api/v1/embed', {
        body: { model: 'all-mpnet-base-v2-int8', texts: ['a'] },
      });
      expect({ status: big.status, code: big.json.error.code }).toEqual({
        status: 503,
        code: 'MODEL_TOO_LARGE',
      });
      const listed = await call(budget.url, '/api/v1/models');
      const mpnet = listed.json.models.find((m: { id: string }) => m.id === 'all-mpnet-base-v2-int8');
      expect(big.json.error.details).toMatchObject({
        required: mpnet.memory_bytes,
        budget: 300 * 1024 * 1024,
      });
      expect(mpnet.loaded).toBe(false);
      const small = await call(budget.url, '/api/v1/embed', {
        body: { model: 'all-minilm-l6-v2-int8', texts: ['a'] },
      });
      expect(small.status).toBe(200);
      expect(await stillHealthy(budget.url)).toBe(true);
      console.log(
        `[figures] modelFaults: MODEL_TOO_LARGE answered in ${Math.round(big.ms)} ms (no load attempted)`,
      );
    } finally {
      await budget.close();
      await linked.cleanup();
    }
  });

  it('no error body leaked an internal path or a stack trace', () => {
    expect(ledger.errorBodies).toBeGreaterThan(BROKEN_MODELS.length * 3);
    expect(ledger.problems).toEqual([]);
  });
});
