import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isAkidbError } from '@akidb/core';
import { type ModelManifest, parseManifest, serializeManifest } from '@akidb/registry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createModelStore, type ModelStoreOptions } from './createModelStore.js';
import { SOURCE_LOCK_FILE, type SourceLock } from './downloadSources.js';
import { type HubTestServer, startHubTestServer } from './hubTestServer.js';
import type { ConvertJob, ModelConverter } from './installConverted.js';
import { deterministicBytes } from './testModel.js';

const REPO = 'test-org/tiny-qwen';
const sha = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** A Hugging Face folder: two small git files, one LFS-sized weights file, optional ST files. */
const SOURCE: Record<string, Buffer> = {
  'config.json': Buffer.from('{"model_type":"qwen3","hidden_size":4}'),
  'tokenizer.json': Buffer.from('{"model":{"type":"BPE"}}'),
  'tokenizer_config.json': Buffer.from('{"padding_side":"left"}'),
  'modules.json': Buffer.from('[]'),
  'model.safetensors': deterministicBytes(2 * 1024 * 1024),
};

let tmp: string;
let home: string;
let hubRoot: string;
let hub: HubTestServer;
let jobs: ConvertJob[];

function manifest(extra: Record<string, unknown> = {}): ModelManifest {
  return parseManifest(
    {
      id: 'tiny-qwen',
      family: 'qwen3',
      description: 'converted test model',
      parameters: 16,
      dimension: 4,
      maxTokens: 32,
      pooling: 'last',
      normalize: true,
      paddingSide: 'left',
      appendToken: '<|endoftext|>',
      languages: ['multilingual'],
      license: 'apache-2.0',
      quantization: 'fp32',
      memoryMB: 1,
      source: { type: 'hub-convert', repo: REPO, revision: 'main' },
      files: [
        { path: 'model.onnx', role: 'model' },
        { path: 'tokenizer.json', role: 'tokenizer' },
        { path: 'tokenizer_config.json', role: 'tokenizer-config' },
      ],
      ...extra,
    },
    'tiny-qwen.json',
  );
}

/**
 * Stands in for tools/models/convert.py (run for real by the CLI's pull test): writes the manifest's
 * files from the source folder and a manifest.json reporting them. `lie` misreports one hash.
 */
function fakeConverter(lie = false): ModelConverter {
  return async (job) => {
    jobs.push(job);
    await mkdir(job.outDir, { recursive: true });
    const weights = await readFile(join(job.sourceDir, 'model.safetensors'));
    const written: Record<string, Buffer> = {
      'model.onnx': Buffer.concat([Buffer.from('onnx:'), weights.subarray(0, 1000)]),
      'tokenizer.json': await readFile(join(job.sourceDir, 'tokenizer.json')),
      'tokenizer_config.json': await readFile(join(job.sourceDir, 'tokenizer_config.json')),
    };
    for (const [path, bytes] of Object.entries(written)) await writeFile(join(job.outDir, path), bytes);
    const files = job.manifest.files.map((file) => ({
      ...file,
      size: written[file.path]!.length,
      sha256: lie && file.path === 'model.onnx' ? sha('other') : sha(written[file.path]!),
    }));
    await writeFile(join(job.outDir, 'manifest.json'), serializeManifest({ ...job.manifest, files }));
  };
}

const store = (options: ModelStoreOptions = {}) =>
  createModelStore({
    home,
    endpoint: hub.url,
    offline: false,
    progress: false,
    retryDelayMs: 10,
    ...options,
  });

async function serve(files: Record<string, Buffer>): Promise<void> {
  for (const [path, bytes] of Object.entries(files)) {
    const target = join(hubRoot, REPO, 'main', path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAkidbError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an AkidbError');
}

const gets = (): string[] =>
  hub.requests.filter((r) => r.status === 200 || r.status === 206).map((r) => r.file);

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'akidb-convert-'));
  home = join(tmp, 'home');
  hubRoot = join(tmp, 'hub');
  jobs = [];
  await serve(SOURCE);
  hub = await startHubTestServer(hubRoot);
  hub.lfsMinBytes = 1024 * 1024;
});

afterEach(async () => {
  await hub.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('pulling a hub-convert model', () => {
  it('downloads the source repo, converts it, and installs pinned, verified files', async () => {
    const dir = await store({ converter: fakeConverter() }).pull(manifest());
    expect(dir).toBe(join(home, 'models', 'tiny-qwen'));
    expect(jobs).toHaveLength(1);
    const sourceDir = join(home, 'sources', 'test-org--tiny-qwen--main');
    expect(jobs[0]?.sourceDir).toBe(sourceDir);
    for (const [path, bytes] of Object.entries(SOURCE))
      expect(sha(await readFile(join(sourceDir, path)))).toBe(sha(bytes));

    const lock = JSON.parse(await readFile(join(sourceDir, SOURCE_LOCK_FILE), 'utf8')) as SourceLock;
    expect(lock.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(lock.files['model.safetensors']).toEqual({
      size: SOURCE['model.safetensors']!.length,
      sha256: sha(SOURCE['model.safetensors']!),
      check: 'hub-sha256',
    });
    expect(lock.files['config.json']?.check).toBe('length-only');
    expect(Object.keys(lock.files).sort()).toEqual(Object.keys(SOURCE).sort());

    const installed = parseManifest(await readFile(join(dir, 'manifest.json'), 'utf8'), 'manifest.json');
    expect(installed.files.every((file) => file.size !== null && file.sha256 !== null)).toBe(true);
    for (const file of installed.files) expect(sha(await readFile(join(dir, file.path)))).toBe(file.sha256);
    expect(installed.source).toMatchObject({
      type: 'hub-convert',
      pins: {
        'model.safetensors': {
          size: SOURCE['model.safetensors']!.length,
          sha256: sha(SOURCE['model.safetensors']!),
        },
      },
    });
    expect(installed.appendToken).toBe('<|endoftext|>');
    expect(existsSync(join(home, 'models', '.tiny-qwen.convert-'))).toBe(false);
  });

  it('uses the installed conversion afterwards, with no converter and no network', async () => {
    await store({ converter: fakeConverter() }).pull(manifest());
    const count = hub.requests.length;
    const dir = await store({ offline: true }).ensure(manifest());
    expect(dir).toBe(join(home, 'models', 'tiny-qwen'));
    await store({ converter: fakeConverter() }).pull(manifest());
    expect(hub.requests.length).toBe(count);
    expect(jobs).toHaveLength(1);
  });

  it('reconverts from the kept sources without downloading them again', async () => {
    await store({ converter: fakeConverter() }).pull(manifest());
    await rm(join(home, 'models', 'tiny-qwen'), { recursive: true });
    const before = gets().length;
    await store({ converter: fakeConverter() }).pull(manifest());
    expect(jobs).toHaveLength(2);
    expect(gets().length).toBe(before);
  });

  it('follows a sharded safetensors index', async () => {
    const { 'model.safetensors': _, ...rest } = SOURCE;
    await rm(join(hubRoot, REPO, 'main', 'model.safetensors'));
    const shards = {
      'model-00001-of-00002.safetensors': deterministicBytes(100),
      'model-00002-of-00002.safetensors': deterministicBytes(200),
    };
    const index = {
      weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' },
    };
    await serve({ ...rest, ...shards, 'model.safetensors.index.json': Buffer.from(JSON.stringify(index)) });
    const converter: ModelConverter = async (job) => {
      await writeFile(join(job.sourceDir, 'model.safetensors'), Buffer.concat(Object.values(shards)));
      return fakeConverter()(job);
    };
    await store({ converter }).pull(manifest());
    const lock = JSON.parse(
      await readFile(join(home, 'sources', 'test-org--tiny-qwen--main', SOURCE_LOCK_FILE), 'utf8'),
    ) as SourceLock;
    expect(Object.keys(lock.files)).toEqual(expect.arrayContaining(Object.keys(shards)));
  });

  it('refuses weights that do not hash to the sha256 the Hub announces', async () => {
    hub.announcedSha256.set('model.safetensors', sha('something else'));
    const error = await failure(store({ converter: fakeConverter() }).pull(manifest()));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(jobs).toHaveLength(0);
    expect(existsSync(join(home, 'models', 'tiny-qwen'))).toBe(false);
  });

  it('enforces source pins from the manifest', async () => {
    const pinned = manifest({
      source: {
        type: 'hub-convert',
        repo: REPO,
        revision: 'main',
        pins: { 'config.json': { sha256: sha('x') } },
      },
    });
    const error = await failure(store({ converter: fakeConverter() }).pull(pinned));
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(error.message).toContain('config.json');
  });

  it('installs nothing when the converter misreports its output', async () => {
    const error = await failure(store({ converter: fakeConverter(true) }).pull(manifest()));
    expect(error.code).toBe('MODEL_LOAD_FAILED');
    expect(error.message).toMatch(/model\.onnx does not match/);
    expect(existsSync(join(home, 'models', 'tiny-qwen'))).toBe(false);
  });

  it('says how to pull when the model is not converted and no converter is configured', async () => {
    const error = await failure(store().ensure(manifest()));
    expect(error.code).toBe('MODEL_NOT_INSTALLED');
    expect(error.message).toContain('akidb models pull tiny-qwen');
    expect(hub.requests).toHaveLength(0);
  });

  it('detects a corrupted conversion and asks for a new pull', async () => {
    const dir = await store({ converter: fakeConverter() }).pull(manifest());
    await writeFile(join(dir, 'model.onnx'), 'tampered, same length?');
    const error = await failure(store().ensure(manifest()));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('akidb models pull tiny-qwen');
  });

  it('fails clearly when a required source file is missing', async () => {
    await rm(join(hubRoot, REPO, 'main', 'tokenizer.json'));
    const error = await failure(store({ converter: fakeConverter() }).pull(manifest()));
    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toContain('tokenizer.json');
  });
});
