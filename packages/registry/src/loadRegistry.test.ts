import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AkidbError } from '@akidb/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRegistry } from './loadRegistry.js';

const SHA = 'cd'.repeat(32);
let root: string;
let manifests: string;
let home: string;

function manifest(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    aliases: [],
    family: 'bert',
    description: `test model ${id}`,
    parameters: 10,
    dimension: 4,
    maxTokens: 8,
    pooling: 'mean',
    normalize: true,
    paddingSide: 'right',
    languages: ['en'],
    license: 'mit',
    quantization: 'fp32',
    memoryMB: 1,
    source: { type: 'hub', repo: `org/${id}`, revision: 'main' },
    files: [
      { path: 'model.onnx', role: 'model', size: 6, sha256: SHA },
      { path: 'tokenizer.json', role: 'tokenizer', size: 2, sha256: SHA },
    ],
    ...extra,
  };
}

async function put(dir: string, name: string, json: unknown): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), typeof json === 'string' ? json : JSON.stringify(json));
}

async function install(id: string, files: Record<string, string>): Promise<string> {
  const dir = join(home, 'models', id);
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

function thrown(fn: () => unknown): AkidbError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AkidbError) return error;
    throw error;
  }
  throw new Error('expected an AkidbError');
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'akidb-registry-'));
  manifests = join(root, 'models');
  home = join(root, 'home');
  await put(manifests, 'README.md', '# not a manifest');
  await put(manifests, 'alpha.json', manifest('alpha', { aliases: ['Org/Alpha-Model', 'a'] }));
  await put(manifests, 'beta.json', manifest('beta'));
  await put(
    manifests,
    'local.json',
    manifest('local', { source: { type: 'pypi', package: 'gt-local', version: '1.0.0' } }),
  );
  await put(manifests, 'qwen.json', manifest('qwen', { unavailable: 'no pinned export' }));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadRegistry', () => {
  it('lists every *.json manifest, sorted, ignoring other files', async () => {
    const registry = await loadRegistry({ manifestsDirs: [manifests], home, offline: false });
    expect(registry.list().map((m) => m.id)).toEqual(['alpha', 'beta', 'local', 'qwen']);
    expect(registry.get('beta').dir).toBe(join(home, 'models', 'beta'));
  });

  it('resolves ids and aliases case-insensitively', async () => {
    const registry = await loadRegistry({ manifestsDirs: [manifests], home, offline: false });
    expect(registry.get('org/alpha-model').id).toBe('alpha');
    expect(registry.get(' A ').id).toBe('alpha');
    expect(registry.resolveId('BETA')).toBe('beta');
  });

  it('reports unknown and path-like names as MODEL_NOT_FOUND listing the ids', async () => {
    const registry = await loadRegistry({ manifestsDirs: [manifests], home, offline: false });
    for (const name of ['nope', '../../etc/passwd', 'alpha/../beta', '']) {
      const error = thrown(() => registry.get(name));
      expect(error.code).toBe('MODEL_NOT_FOUND');
      expect(error.details?.available).toEqual(['alpha', 'beta', 'local', 'qwen']);
      expect(error.message).toContain('Available models: alpha, beta, local, qwen');
    }
  });

  it('uses the configured default, else the flagged manifest, else all-minilm-l6-v2', async () => {
    const configured = await loadRegistry({
      manifestsDirs: [manifests],
      home,
      defaultModel: 'a',
      offline: false,
    });
    expect(configured.resolveId()).toBe('alpha');
    expect(configured.resolveId('beta')).toBe('beta');

    const plain = await loadRegistry({ manifestsDirs: [manifests], home, offline: false });
    const error = thrown(() => plain.resolveId());
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.message).toContain('"all-minilm-l6-v2"');

    await put(manifests, 'beta.json', manifest('beta', { default: true }));
    expect((await loadRegistry({ manifestsDirs: [manifests], home, offline: false })).resolveId()).toBe(
      'beta',
    );
    await put(manifests, 'alpha.json', manifest('alpha', { default: true }));
    await expect(loadRegistry({ manifestsDirs: [manifests], home })).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
    });
  });

  it('computes installed, downloadable and unavailable states and refreshes them', async () => {
    const registry = await loadRegistry({ manifestsDirs: [manifests], home, offline: false });
    expect(registry.get('alpha')).toMatchObject({ state: 'downloadable', reason: null });
    expect(registry.get('qwen')).toMatchObject({ state: 'unavailable', reason: 'no pinned export' });
    expect(registry.get('local').state).toBe('unavailable');
    expect(registry.get('local').reason).toContain('pnpm models:prepare');

    const dir = await install('alpha', { 'model.onnx': 'abcdef', 'tokenizer.json': 'xy' });
    await install('local', { 'model.onnx': 'abcdef' });
    expect(registry.get('alpha').state).toBe('downloadable');
    await registry.refresh();
    expect(registry.get('alpha')).toMatchObject({ state: 'installed', missingFiles: [] });
    expect(registry.get('local')).toMatchObject({ state: 'unavailable', missingFiles: ['tokenizer.json'] });

    await truncate(join(dir, 'model.onnx'), 3);
    await registry.refresh();
    expect(registry.get('alpha')).toMatchObject({ state: 'downloadable', missingFiles: ['model.onnx'] });
  });

  it('makes hub models unavailable when offline, but keeps installed ones installed', async () => {
    await install('beta', { 'model.onnx': 'abcdef', 'tokenizer.json': 'xy' });
    const registry = await loadRegistry({ manifestsDirs: [manifests], home, offline: true });
    expect(registry.get('beta').state).toBe('installed');
    expect(registry.get('alpha').state).toBe('unavailable');
    expect(registry.get('alpha').reason).toMatch(/^offline/);
  });

  it('reads installed manifest.json files so a prepared home describes itself', async () => {
    await install('gamma', { 'model.onnx': 'abcdef', 'tokenizer.json': 'xy' });
    await put(join(home, 'models', 'gamma'), 'manifest.json', manifest('gamma', { aliases: ['g'] }));
    await put(join(home, 'models', 'beta'), 'manifest.json', manifest('beta', { description: 'stale copy' }));
    await install('partial', { 'model.onnx.part': 'abc' });
    const registry = await loadRegistry({ manifestsDirs: [manifests], home, offline: false });
    expect(registry.get('g')).toMatchObject({ id: 'gamma', state: 'installed' });
    expect(registry.get('beta').description).toBe('test model beta');
    expect(registry.list().map((m) => m.id)).not.toContain('partial');
  });

  it('rejects an installed manifest whose id does not match its directory', async () => {
    await put(join(home, 'models', 'delta'), 'manifest.json', manifest('epsilon'));
    await expect(loadRegistry({ manifestsDirs: [manifests], home })).rejects.toThrow(
      /does not match its directory "delta"/,
    );
  });

  it('rejects duplicate ids and aliases, naming the files', async () => {
    const other = join(root, 'more');
    await put(other, 'beta-again.json', manifest('beta'));
    await expect(loadRegistry({ manifestsDirs: [manifests, other], home })).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
      message: expect.stringMatching(/beta-again\.json: id: "beta" is also defined in .*beta\.json/),
    });
    await rm(other, { recursive: true });
    await put(manifests, 'zeta.json', manifest('zeta', { aliases: ['BETA'] }));
    await expect(loadRegistry({ manifestsDirs: [manifests], home })).rejects.toThrow(
      /zeta\.json: aliases\[0\]: "BETA" is already the id of beta/,
    );
    await put(manifests, 'zeta.json', manifest('zeta', { aliases: ['org/alpha-model'] }));
    await expect(loadRegistry({ manifestsDirs: [manifests], home })).rejects.toThrow(
      /already an alias of alpha/,
    );
  });

  it('fails loudly on a bad manifest file or a missing directory', async () => {
    await put(manifests, 'broken.json', manifest('broken', { dimension: 0 }));
    await expect(loadRegistry({ manifestsDirs: [manifests], home })).rejects.toThrow(
      /broken\.json: dimension: expected a positive integer/,
    );
    await expect(loadRegistry({ manifestsDirs: [join(root, 'absent')], home })).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
    });
  });
});

describe('loadRegistry: hub-convert models', () => {
  const unpinned = [
    { path: 'model.onnx', role: 'model', size: null, sha256: null },
    { path: 'tokenizer.json', role: 'tokenizer', size: null, sha256: null },
  ];
  const convertSource = { type: 'hub-convert', repo: 'Qwen/Qwen3-Embedding-0.6B', revision: 'main' };

  it('are downloadable until converted, unless offline', async () => {
    await put(manifests, 'q.json', manifest('q', { source: convertSource, files: unpinned }));
    const online = await loadRegistry({ manifestsDirs: [manifests], home, offline: false });
    expect(online.get('q')).toMatchObject({ state: 'downloadable', reason: null });
    const offline = await loadRegistry({ manifestsDirs: [manifests], home, offline: true });
    expect(offline.get('q').state).toBe('unavailable');
  });

  it('take file sizes and hashes from the installed copy that the conversion wrote', async () => {
    await put(
      manifests,
      'q.json',
      manifest('q', { source: convertSource, files: unpinned, description: 'repo' }),
    );
    const converted = manifest('q', {
      source: convertSource,
      description: 'stale copy',
      files: [
        { path: 'model.onnx', role: 'model', size: 6, sha256: SHA },
        { path: 'tokenizer.json', role: 'tokenizer', size: 2, sha256: SHA },
      ],
    });
    await install('q', {
      'model.onnx': 'onnx!!',
      'tokenizer.json': '{}',
      'manifest.json': JSON.stringify(converted),
    });
    const registry = await loadRegistry({ manifestsDirs: [manifests], home, offline: true });
    const entry = registry.get('q');
    expect(entry.state).toBe('installed');
    expect(entry.description).toBe('repo');
    expect(entry.files.map((file) => [file.size, file.sha256])).toEqual([
      [6, SHA],
      [2, SHA],
    ]);
    await truncate(join(home, 'models', 'q', 'model.onnx'), 3);
    await registry.refresh();
    expect(registry.get('q')).toMatchObject({ state: 'unavailable', missingFiles: ['model.onnx'] });
  });
});
