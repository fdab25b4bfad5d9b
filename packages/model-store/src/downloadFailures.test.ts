import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AkidbError } from '@akidb/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createModelStore, type ModelStoreOptions } from './createModelStore.js';
import { type HubTestServer, startHubTestServer } from './hubTestServer.js';
import { type TestModel, WEIGHTS_PATH, writeTestModel } from './testModel.js';

let tmp: string;
let home: string;
let dir: string;
let hub: HubTestServer;
let model: TestModel;
let weights: Buffer;

const store = (options: ModelStoreOptions = {}) =>
  createModelStore({
    home,
    endpoint: hub.url,
    offline: false,
    progress: false,
    retryDelayMs: 10,
    ...options,
  });
const weightRequests = () => hub.requests.filter((r) => r.file === WEIGHTS_PATH);

async function failure(promise: Promise<unknown>): Promise<AkidbError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AkidbError) return error;
    throw error;
  }
  throw new Error('expected an AkidbError');
}

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'akidb-store-'));
  home = join(tmp, 'home');
  dir = join(home, 'models', 'test-bge');
  model = await writeTestModel(join(tmp, 'hub'));
  weights = model.files[WEIGHTS_PATH]!;
  hub = await startHubTestServer(join(tmp, 'hub'));
});

afterEach(async () => {
  await hub.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('downloads that go wrong', () => {
  it('resumes a body cut mid-way with a Range request', async () => {
    hub.faults.set(WEIGHTS_PATH, [{ kind: 'cut', afterBytes: 1_000_000 }]);
    await store().ensure(model.manifest);
    const [first, second] = weightRequests();
    expect(first).toMatchObject({ status: 200, range: undefined });
    expect(second?.status).toBe(206);
    const start = Number(/^bytes=(\d+)-$/.exec(second?.range ?? '')?.[1]);
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThanOrEqual(1_000_000);
    expect((await readFile(join(dir, 'model.onnx'))).equals(weights)).toBe(true);
    expect(existsSync(join(dir, 'model.onnx.part'))).toBe(false);
  });

  it('resumes a .part left by an earlier process', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'model.onnx.part'), weights.subarray(0, 123_456));
    await store().ensure(model.manifest);
    expect(weightRequests()).toMatchObject([{ range: 'bytes=123456-', status: 206 }]);
    expect((await readFile(join(dir, 'model.onnx'))).equals(weights)).toBe(true);
  });

  it('starts over when the server ignores Range and answers 200', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'model.onnx.part'), Buffer.alloc(50_000, 7)); // wrong bytes: must not be kept
    hub.ignoreRange = true;
    await store().ensure(model.manifest);
    expect(weightRequests()).toMatchObject([{ range: 'bytes=50000-', status: 200 }]);
    expect((await readFile(join(dir, 'model.onnx'))).equals(weights)).toBe(true);
  });

  it('rejects a wrong checksum, deletes the part and installs nothing', async () => {
    const [first, ...rest] = model.manifest.files;
    const wrong = { ...model.manifest, files: [{ ...first!, sha256: 'e'.repeat(64) }, ...rest] };
    const error = await failure(store().ensure(wrong));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.details).toMatchObject({ file: 'model.onnx', expected: 'e'.repeat(64) });
    expect(error.details?.actual).toBe(createHash('sha256').update(weights).digest('hex'));
    expect(existsSync(join(dir, 'model.onnx.part'))).toBe(false);
    expect(existsSync(join(dir, 'model.onnx'))).toBe(false);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
    expect((await store().status(wrong)).installed).toBe(false);
  });

  it('fails a 404 at once with DOWNLOAD_FAILED naming the file', async () => {
    const [first, ...rest] = model.manifest.files;
    const missing = { ...model.manifest, files: [{ ...first!, remotePath: 'onnx/absent.onnx' }, ...rest] };
    const error = await failure(store({ retries: 3 }).ensure(missing));
    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.details).toMatchObject({ status: 404, file: 'model.onnx' });
    expect(error.message).toContain(`${hub.url}/${'test-org/tiny-bge'}/resolve/main/onnx/absent.onnx`);
    expect(hub.requests.filter((r) => r.file === 'onnx/absent.onnx')).toHaveLength(1);
  });

  it('explains a 401 with an HF_TOKEN hint', async () => {
    hub.requiredToken = 'secret';
    const error = await failure(store().ensure(model.manifest));
    expect(error).toMatchObject({ code: 'DOWNLOAD_FAILED', details: { status: 401 } });
    expect(error.message).toContain('set HF_TOKEN');
    const refused = await failure(store({ token: 'wrong' }).ensure(model.manifest));
    expect(refused.message).toContain('token in HF_TOKEN was refused');
  });

  it('retries 5xx with backoff, then gives up with DOWNLOAD_FAILED', async () => {
    hub.faults.set(WEIGHTS_PATH, [
      { kind: 'status', status: 503 },
      { kind: 'status', status: 500 },
    ]);
    await store({ retries: 2 }).ensure(model.manifest);
    expect(weightRequests().map((r) => r.status)).toEqual([503, 500, 200]);

    await rm(dir, { recursive: true });
    hub.requests.length = 0;
    hub.faults.set(
      WEIGHTS_PATH,
      Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 502 })),
    );
    const error = await failure(store({ retries: 1 }).ensure(model.manifest));
    expect(error).toMatchObject({ code: 'DOWNLOAD_FAILED', details: { status: 502 } });
    expect(weightRequests()).toHaveLength(2);
  });

  it.each([
    ['stalls mid-body', { kind: 'stall', afterBytes: 65_536 } as const],
    ['never answers', { kind: 'hang' } as const],
  ])('times out when the server %s', async (_name, fault) => {
    hub.faults.set(WEIGHTS_PATH, [fault, fault]);
    const error = await failure(store({ timeoutMs: 300, retries: 1 }).ensure(model.manifest));
    expect(error.code).toBe('TIMEOUT');
    expect(error.details).toMatchObject({ file: 'model.onnx', timeoutMs: 300, attempts: 2 });
    expect(weightRequests()).toHaveLength(2);
    expect(existsSync(join(dir, 'model.onnx'))).toBe(false);
  });

  it('cancels on abort and keeps the partial file for later', async () => {
    hub.faults.set(WEIGHTS_PATH, [{ kind: 'stall', afterBytes: 200_000 }]);
    const controller = new AbortController();
    const s = store({
      onProgress: (event) => {
        if (event.receivedBytes >= 200_000) controller.abort();
      },
    });
    const error = await failure(s.ensure(model.manifest, { signal: controller.signal }));
    expect(error.code).toBe('CANCELLED');
    expect((await stat(join(dir, 'model.onnx.part'))).size).toBe(200_000);
    expect((await s.status(model.manifest)).files[0]).toMatchObject({
      state: 'missing',
      partialBytes: 200_000,
    });
    await s.ensure(model.manifest);
    expect(weightRequests().at(-1)).toMatchObject({ range: 'bytes=200000-', status: 206 });
  });
});
