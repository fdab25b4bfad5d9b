import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistry, parseManifest } from '@akidb/registry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createModelStore, type ModelStoreOptions } from './createModelStore.js';
import { type HubTestServer, startHubTestServer } from './hubTestServer.js';
import type { DownloadProgress } from './progressPrinter.js';
import { type TestModel, WEIGHTS_PATH, writeTestModel } from './testModel.js';

let tmp: string;
let home: string;
let hub: HubTestServer;
let model: TestModel;

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const store = (options: ModelStoreOptions = {}) =>
  createModelStore({
    home,
    endpoint: hub.url,
    offline: false,
    progress: false,
    retryDelayMs: 10,
    ...options,
  });

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'akidb-store-'));
  home = join(tmp, 'home');
  model = await writeTestModel(join(tmp, 'hub'));
  hub = await startHubTestServer(join(tmp, 'hub'));
});

afterEach(async () => {
  await hub.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('ModelStore.ensure', () => {
  it('downloads every file, verifies it and writes manifest.json last', async () => {
    const events: DownloadProgress[] = [];
    const dir = await store({ onProgress: (event) => events.push(event) }).ensure(model.manifest);
    expect(dir).toBe(join(home, 'models', 'test-bge'));
    for (const file of model.manifest.files) {
      const bytes = await readFile(join(dir, file.path));
      expect(bytes.length).toBe(file.size);
      expect(sha(bytes)).toBe(file.sha256);
    }
    expect(hub.requests.map((r) => r.file).sort()).toEqual(['config.json', WEIGHTS_PATH, 'tokenizer.json']);
    expect(hub.requests.every((r) => r.status === 200 && r.range === undefined)).toBe(true);
    expect(parseManifest(await readFile(join(dir, 'manifest.json'), 'utf8'), 'manifest.json')).toEqual(
      model.manifest,
    );
    const [manifestTime, ...fileTimes] = await Promise.all(
      ['manifest.json', ...model.manifest.files.map((f) => f.path)].map(
        async (p) => (await stat(join(dir, p))).mtimeMs,
      ),
    );
    expect(fileTimes.every((time) => time <= manifestTime!)).toBe(true);
    const weights = events.filter((e) => e.file === 'model.onnx');
    expect(weights.at(-1)).toMatchObject({ done: true, receivedBytes: model.files[WEIGHTS_PATH]!.length });

    const registry = await loadRegistry({ manifestsDirs: [], home, offline: true });
    expect(registry.get('test-bge').state).toBe('installed');
  });

  it('makes no request on a second ensure, even from a new store', async () => {
    await store().ensure(model.manifest);
    const count = hub.requests.length;
    await store().ensure(model.manifest);
    await store().ensure(model.manifest);
    expect(hub.requests.length).toBe(count);
  });

  it('trusts the verified stamp while size and mtime are unchanged, and re-hashes otherwise', async () => {
    const dir = await store().ensure(model.manifest);
    const weights = join(dir, 'model.onnx');
    const before = await stat(weights);
    const tampered = Buffer.from(model.files[WEIGHTS_PATH]!);
    tampered[0] = (tampered[0]! + 1) % 256;
    await writeFile(weights, tampered);
    await utimes(weights, before.atime, new Date(Math.round(before.mtimeMs))); // the stamp keeps whole ms
    await store().ensure(model.manifest); // stamp matches: no hashing, so the tampering goes unnoticed
    expect(hub.requests.length).toBe(3);
    expect((await store().status(model.manifest)).files[0]?.verified).toBe(true);

    await utimes(weights, before.atime, new Date(before.mtimeMs + 5000));
    await store().ensure(model.manifest); // mtime moved: re-hashed, found corrupt, downloaded again
    expect(hub.requests.filter((r) => r.file === WEIGHTS_PATH)).toHaveLength(2);
    expect(sha(await readFile(weights))).toBe(model.manifest.files[0]?.sha256);
  });

  it('downloads each file once for ten concurrent ensure calls', async () => {
    const s = store();
    const dirs = await Promise.all(Array.from({ length: 10 }, () => s.ensure(model.manifest)));
    expect(new Set(dirs).size).toBe(1);
    expect(hub.requests).toHaveLength(3);
    expect(new Set(hub.requests.map((r) => r.file)).size).toBe(3);
  });

  it('keeps a shared download going when one of its callers aborts', async () => {
    const s = store();
    const controller = new AbortController();
    const leaving = s.ensure(model.manifest, { signal: controller.signal });
    const staying = s.ensure(model.manifest);
    controller.abort();
    await expect(leaving).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(staying).resolves.toBe(join(home, 'models', 'test-bge'));
  });

  it('honours HF_ENDPOINT and sends HF_TOKEN as a Bearer token', async () => {
    const saved = { endpoint: process.env.HF_ENDPOINT, token: process.env.HF_TOKEN };
    process.env.HF_ENDPOINT = `${hub.url}/`;
    process.env.HF_TOKEN = 'hf_test_token';
    hub.requiredToken = 'hf_test_token';
    try {
      const s = createModelStore({ home, offline: false, progress: false });
      expect(s.endpoint).toBe(hub.url);
      await s.ensure(model.manifest);
    } finally {
      for (const [key, value] of [
        ['HF_ENDPOINT', saved.endpoint],
        ['HF_TOKEN', saved.token],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    expect(hub.requests).toHaveLength(3);
    expect(hub.requests.every((r) => r.authorization === 'Bearer hf_test_token' && r.status === 200)).toBe(
      true,
    );
  });

  it('writes manifest.json for a model whose files are already in place', async () => {
    const dir = await store().ensure(model.manifest);
    await rm(join(dir, 'manifest.json'));
    await store({ offline: true }).ensure(model.manifest);
    expect(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')).id).toBe('test-bge');
  });
});
