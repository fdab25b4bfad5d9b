import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningServer } from '@akidb/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ledger, ledgerSummary } from './support/httpClient.js';
import { REPO_MODELS_DIR, SMALL_MODEL, startTestServer } from './support/inProcessServer.js';
import { createModelHome, type ModelHome, readModelFile } from './support/modelHome.js';
import { spawnServer } from './support/serverProcess.js';
import { backgroundTraffic } from './support/traffic.js';

const OTHER = 'all-minilm-l6-v2-int8';
const FLAKY = 'flaky-model';

let home: ModelHome;
let server: RunningServer;
let flakyFile: string;
let original: Buffer;

beforeAll(async () => {
  home = await createModelHome([SMALL_MODEL, OTHER]);
  original = await readModelFile(SMALL_MODEL, 'model.onnx');
  // A real copy (not a link): the test damages and repairs it while the server runs.
  const dir = await home.derive(FLAKY, SMALL_MODEL, { files: { 'model.onnx': original } });
  flakyFile = join(dir, 'model.onnx');
  // The default model is pinned; one more slot, so FLAKY and OTHER evict each other.
  server = await startTestServer({ home: home.home, maxModels: 2 });
});

afterAll(async () => {
  await server?.close();
  await home?.cleanup();
  console.log(`[figures] loadFailureMidTraffic: ${ledgerSummary()}`);
});

const embed = (model: string) => call(server.url, '/api/v1/embed', { body: { model, texts: ['some text'] } });

/** Loads OTHER, which evicts FLAKY, and checks that FLAKY is no longer loaded. */
async function evictFlaky(): Promise<void> {
  expect((await embed(OTHER)).status).toBe(200);
  const models = (await call(server.url, '/api/v1/models')).json.models as { id: string; loaded: boolean }[];
  expect(models.find((m) => m.id === FLAKY)?.loaded).toBe(false);
}

async function expectFlakyFails(reason: string): Promise<void> {
  const attempts = await Promise.all(Array.from({ length: 4 }, () => embed(FLAKY)));
  for (const res of attempts) {
    expect({ status: res.status, code: res.json.error.code, reason: res.json.error.details.reason }).toEqual({
      status: 503,
      code: 'MODEL_LOAD_FAILED',
      reason,
    });
  }
}

describe('a model whose files break while the server runs', () => {
  it('fails to reload cleanly while other models keep serving, and loads again once repaired', async () => {
    const traffic = backgroundTraffic(server.url, { texts: ['default model traffic'] }, 2);
    expect((await embed(FLAKY)).status).toBe(200);
    await evictFlaky();

    // 1. Truncated on disk: the model store sees the size change before ONNX Runtime is involved.
    await writeFile(flakyFile, original.subarray(0, 1_000_000));
    await expectFlakyFails('CHECKSUM_MISMATCH');

    // 2. Repaired: loads again (and is verified and stamped anew).
    await writeFile(flakyFile, original);
    expect((await embed(FLAKY)).status).toBe(200);
    await evictFlaky();

    // 3. Same size, same mtime, different bytes: the store trusts its stamp, ONNX Runtime rejects the file.
    const stamped = await stat(flakyFile);
    const garbage = Buffer.alloc(original.length, 0x5a);
    await writeFile(flakyFile, garbage);
    await utimes(flakyFile, stamped.atime, new Date(Math.round(stamped.mtimeMs)));
    await expectFlakyFails('MODEL_LOAD_FAILED');

    // 4. Repaired again.
    await writeFile(flakyFile, original);
    expect((await embed(FLAKY)).status).toBe(200);
    expect((await embed(OTHER)).status).toBe(200);

    const background = await traffic.stop();
    expect(background.sent).toBeGreaterThan(0);
    expect(background.statuses).toEqual({ 200: background.sent });
    expect(Buffer.compare(await readFile(flakyFile), original)).toBe(0);
    console.log(
      `[figures] loadFailureMidTraffic: ${background.sent} default-model requests during 8 failed loads, all 200`,
    );
  });
});

describe('a corrupt installed manifest.json', () => {
  it('either stops the server from starting with a clean one-line error, or leaves the other models serving', async () => {
    const broken = await createModelHome([SMALL_MODEL]);
    const dir = await broken.derive('bad-manifest', SMALL_MODEL);
    await writeFile(join(dir, 'manifest.json'), '{"id": "bad-manifest", "files": [');
    try {
      const started = await spawnServer(['--port', '0', '--default-model', SMALL_MODEL], {
        AKIDB_HOME: broken.home,
        AKIDB_MANIFESTS_DIRS: REPO_MODELS_DIR,
      }).catch((error: unknown) => error as Error);
      if (started instanceof Error) {
        expect(started.message).toMatch(/server exited early \(1\)/);
        expect(started.message).toMatch(/manifest/i);
        expect(started.message).not.toMatch(/\n\s+at /);
        console.log(
          `[figures] loadFailureMidTraffic: corrupt manifest -> refused to start: ${started.message.split('\n')[0]}`,
        );
        return;
      }
      try {
        const res = await call(started.url, '/api/v1/embed', { body: { texts: ['still serving'] } });
        expect(res.status).toBe(200);
        console.log(
          '[figures] loadFailureMidTraffic: corrupt manifest -> server started and serves the other models',
        );
      } finally {
        await started.stop();
      }
    } finally {
      await broken.cleanup();
    }
  });

  it('no error body leaked an internal path or a stack trace', () => {
    expect(ledger.errorBodies).toBeGreaterThanOrEqual(8);
    expect(ledger.problems).toEqual([]);
  });
});
