import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AkidbError } from '@akidb/core';
import type { ModelManifest } from '@akidb/registry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createModelStore, type ModelStoreOptions } from './createModelStore.js';
import { type HubTestServer, startHubTestServer } from './hubTestServer.js';
import { type TestModel, WEIGHTS_PATH, writeTestModel } from './testModel.js';

let tmp: string;
let home: string;
let dir: string;
let hub: HubTestServer;
let model: TestModel;

const store = (options: ModelStoreOptions = {}) =>
  createModelStore({ home, endpoint: hub.url, progress: false, retryDelayMs: 10, ...options });

async function failure(promise: Promise<unknown>): Promise<AkidbError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AkidbError) return error;
    throw error;
  }
  throw new Error('expected an AkidbError');
}

async function place(manifest: ModelManifest, files: Record<string, Buffer>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of manifest.files) {
    const bytes = files[file.remotePath ?? file.path];
    if (bytes) await writeFile(join(dir, file.path), bytes);
  }
}

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'akidb-store-'));
  home = join(tmp, 'home');
  dir = join(home, 'models', 'test-bge');
  model = await writeTestModel(join(tmp, 'hub'));
  hub = await startHubTestServer(join(tmp, 'hub'));
});

afterEach(async () => {
  await hub.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('offline and local-only models', () => {
  it('never touches the network offline and lists the missing files', async () => {
    await place(model.manifest, { 'config.json': model.files['config.json']! });
    const error = await failure(store({ offline: true }).ensure(model.manifest));
    expect(error.code).toBe('OFFLINE');
    expect(error.details?.missing).toEqual(['model.onnx', 'tokenizer.json']);
    expect(error.message).toContain('model.onnx, tokenizer.json');
    expect(hub.requests).toHaveLength(0);
  });

  it('reads AKIDB_OFFLINE and HF_HUB_OFFLINE from the environment', async () => {
    const saved = process.env.AKIDB_OFFLINE;
    process.env.AKIDB_OFFLINE = '1';
    try {
      const s = store();
      expect(s.offline).toBe(true);
      expect((await failure(s.ensure(model.manifest))).code).toBe('OFFLINE');
    } finally {
      if (saved === undefined) delete process.env.AKIDB_OFFLINE;
      else process.env.AKIDB_OFFLINE = saved;
    }
    expect(hub.requests).toHaveLength(0);
  });

  it('serves an installed model offline and verifies it', async () => {
    await place(model.manifest, model.files);
    await expect(store({ offline: true }).ensure(model.manifest)).resolves.toBe(dir);
    await writeFile(join(dir, 'tokenizer.json'), Buffer.alloc(model.files['tokenizer.json']!.length, 32));
    const error = await failure(store({ offline: true }).ensure(model.manifest));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('tokenizer.json (sha256');
    expect(hub.requests).toHaveLength(0);
  });

  it('asks for `pnpm models:prepare` when a PyPI-sourced model is missing', async () => {
    const pypi: ModelManifest = {
      ...model.manifest,
      source: { type: 'pypi', package: 'gt-test', version: '1.0.0' },
    };
    const error = await failure(store({ offline: false }).ensure(pypi));
    expect(error.code).toBe('MODEL_NOT_INSTALLED');
    expect(error.message).toContain('pnpm models:prepare');
    expect(error.details?.missing).toEqual(['model.onnx', 'tokenizer.json', 'config.json']);
    expect(hub.requests).toHaveLength(0);

    await place(pypi, model.files);
    await expect(store({ offline: false }).ensure(pypi)).resolves.toBe(dir);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  });

  it('refuses to download a model marked unavailable, quoting the reason', async () => {
    const unavailable: ModelManifest = { ...model.manifest, unavailable: 'no pinned ONNX export' };
    const error = await failure(store({ offline: false }).ensure(unavailable));
    expect(error.code).toBe('MODEL_NOT_INSTALLED');
    expect(error.message).toContain('no pinned ONNX export');
    expect(hub.requests).toHaveLength(0);
  });
});

describe('status and remove', () => {
  it('reports per-file presence and size without hashing', async () => {
    await place(model.manifest, {
      [WEIGHTS_PATH]: model.files[WEIGHTS_PATH]!,
      'config.json': Buffer.from('{}'),
    });
    const status = await store().status(model.manifest);
    expect(status).toMatchObject({ id: 'test-bge', dir, installed: false });
    expect(status.files).toMatchObject([
      {
        path: 'model.onnx',
        state: 'present',
        actualSize: model.files[WEIGHTS_PATH]!.length,
        verified: false,
      },
      { path: 'tokenizer.json', state: 'missing', actualSize: null, partialBytes: 0 },
      { path: 'config.json', state: 'wrong-size', actualSize: 2, size: model.files['config.json']!.length },
    ]);
    await store({ offline: false }).ensure(model.manifest);
    const after = await store().status(model.manifest);
    expect(after.installed).toBe(true);
    expect(after.files.every((file) => file.state === 'present' && file.verified)).toBe(true);
  });

  it('removes an installed model and refuses path-like ids', async () => {
    const s = store({ offline: false });
    await s.ensure(model.manifest);
    await expect(s.remove('test-bge')).resolves.toBe(true);
    expect(existsSync(dir)).toBe(false);
    await expect(s.remove('test-bge')).resolves.toBe(false);
    await mkdir(join(tmp, 'victim'), { recursive: true });
    for (const id of ['../../victim', '..', 'a/b', '']) {
      await expect(s.remove(id)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    }
    expect(existsSync(join(tmp, 'victim'))).toBe(true);
    const escaping: ModelManifest = { ...model.manifest, id: '../../victim' };
    await expect(s.ensure(escaping)).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
    await expect(s.status(escaping)).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
  });
});
