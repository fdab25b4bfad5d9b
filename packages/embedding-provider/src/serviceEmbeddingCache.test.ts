import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddingService } from './createEmbeddingService.js';
import type { EmbeddingServiceOptions } from './serviceTypes.js';
import { MANIFESTS_DIR, preparedModelDir } from './testModels.js';

const ID = 'all-minilm-l6-v2';
const TEXTS = ['the cat sat on the mat', 'stocks fell sharply today', 'a quiet morning by the lake'];
let scratch: string;

/**
 * A model home and manifests folder with all-minilm-l6-v2 as prepared, or with one file changed (a
 * byte appended to config.json, the manifest updated to match): a new revision of the same model id.
 */
async function modelRevision(
  name: string,
  changed: boolean,
): Promise<{ home: string; manifestsDirs: string[] }> {
  const source = preparedModelDir(ID);
  const home = join(scratch, name, 'home');
  const manifests = join(scratch, name, 'manifests');
  const dir = join(home, 'models', ID);
  await mkdir(dir, { recursive: true });
  await mkdir(manifests, { recursive: true });
  const manifest = JSON.parse(await readFile(join(source, 'manifest.json'), 'utf8')) as {
    files: { path: string; size: number; sha256: string }[];
  };
  for (const file of manifest.files) {
    if (changed && file.path === 'config.json') {
      const bytes = Buffer.concat([await readFile(join(source, file.path)), Buffer.from('\n')]);
      await writeFile(join(dir, file.path), bytes);
      file.size = bytes.length;
      file.sha256 = createHash('sha256').update(bytes).digest('hex');
    } else {
      await symlink(join(source, file.path), join(dir, file.path));
    }
  }
  const text = JSON.stringify(manifest, null, 2);
  await writeFile(join(dir, 'manifest.json'), text);
  await writeFile(join(manifests, `${ID}.json`), text);
  return { home, manifestsDirs: [manifests] };
}

async function serviceWith(options: EmbeddingServiceOptions) {
  const service = await createEmbeddingService({
    offline: true,
    replicas: 1,
    session: { intraOpNumThreads: 2 },
    ...options,
  });
  let batches = 0;
  service.onBatch(() => {
    batches++;
  });
  return { service, batches: () => batches };
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'akidb-service-cache-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('embedding cache in the service (real model)', () => {
  it('answers a repeated request from the cache without batching, same vectors and usage', async () => {
    const { service, batches } = await serviceWith({
      ...(await modelRevision('repeat', false)),
      embeddingCache: { maxMemoryBytes: 1 << 20 },
    });
    try {
      const first = await service.embed({ texts: TEXTS });
      expect(first.cacheHits).toBe(0);
      const afterFirst = batches();
      expect(afterFirst).toBeGreaterThan(0);
      const second = await service.embed({ texts: TEXTS });
      expect(second.cacheHits).toBe(3);
      expect(batches()).toBe(afterFirst);
      expect(second.embeddings.map((v) => Array.from(v))).toEqual(first.embeddings.map((v) => Array.from(v)));
      expect(second.usage).toEqual(first.usage);
      expect(service.embeddingCacheStats()).toMatchObject({ hits: 3, misses: 3, writes: 3 });
    } finally {
      await service.close();
    }
  });

  it('embeds a text repeated within a request once, and misses when an option changes the vector', async () => {
    const { service } = await serviceWith({
      ...(await modelRevision('options', false)),
      embeddingCache: { maxMemoryBytes: 1 << 20 },
    });
    try {
      const repeated = await service.embed({ texts: ['same text', 'same text', 'other'] });
      expect(service.embeddingCacheStats()?.writes).toBe(2);
      expect(Array.from(repeated.embeddings[1] as Float32Array)).toEqual(
        Array.from(repeated.embeddings[0] as Float32Array),
      );
      for (const change of [
        { normalize: false },
        { dimensions: 128 },
        { prompt: 'query: ' },
        { truncationDirection: 'left' as const },
      ]) {
        const result = await service.embed({ texts: ['same text'], ...change });
        expect(result.cacheHits, JSON.stringify(change)).toBe(0);
      }
      expect((await service.embed({ texts: ['same text'] })).cacheHits).toBe(1);
    } finally {
      await service.close();
    }
  });

  it('keeps vectors across a restart in the store on disk', async () => {
    const store = join(scratch, 'restart-store');
    const revision = await modelRevision('restart', false);
    const a = await serviceWith({ ...revision, embeddingCache: { store: { path: store } } });
    const before = await a.service.embed({ texts: TEXTS });
    await a.service.close();
    const b = await serviceWith({ ...revision, embeddingCache: { store: { path: store } } });
    try {
      const after = await b.service.embed({ texts: TEXTS });
      expect(after.cacheHits).toBe(3);
      expect(b.batches()).toBe(0);
      expect(b.service.isLoaded(ID)).toBe(false);
      expect(b.service.embeddingCacheStats()?.storeHits).toBe(3);
      expect(after.embeddings.map((v) => Array.from(v))).toEqual(before.embeddings.map((v) => Array.from(v)));
    } finally {
      await b.service.close();
    }
  });

  it('misses the same text after a model file changed (new revision, same id and store)', async () => {
    const store = join(scratch, 'revision-store');
    const a = await serviceWith({
      ...(await modelRevision('old', false)),
      embeddingCache: { store: { path: store } },
    });
    await a.service.embed({ texts: TEXTS });
    await a.service.close();
    const b = await serviceWith({
      ...(await modelRevision('new', true)),
      embeddingCache: { store: { path: store } },
    });
    try {
      const result = await b.service.embed({ texts: TEXTS });
      expect(result.cacheHits).toBe(0);
      expect(b.batches()).toBeGreaterThan(0);
      expect((await b.service.embed({ texts: TEXTS })).cacheHits).toBe(3);
    } finally {
      await b.service.close();
    }
  });

  it('is off by default', async () => {
    const { service } = await serviceWith(await modelRevision('off', false));
    try {
      const result = await service.embed({ texts: TEXTS });
      expect(result.cacheHits).toBeUndefined();
      expect(service.embeddingCacheStats()).toBeUndefined();
    } finally {
      await service.close();
    }
  });
});

describe('precision in the service (real model)', () => {
  it('returns int8, uint8, binary and ubinary vectors next to the floats', async () => {
    const { service } = await serviceWith({
      manifestsDirs: [MANIFESTS_DIR],
      home: (await modelRevision('precision', false)).home,
    });
    try {
      const int8 = await service.embed({ texts: TEXTS, precision: 'int8' });
      expect(int8.quantized?.precision).toBe('int8');
      expect(int8.quantized?.vectors[0]).toBeInstanceOf(Int8Array);
      expect(int8.quantized?.vectors[0]).toHaveLength(384);
      expect(int8.embeddings[0]).toHaveLength(384);
      const uint8 = await service.embed({ texts: TEXTS, precision: 'uint8' });
      expect(Array.from(uint8.quantized?.vectors[0] as Uint8Array)).toEqual(
        Array.from(int8.quantized?.vectors[0] as Int8Array, (code) => code + 128),
      );
      const binary = await service.embed({ texts: TEXTS, precision: 'binary' });
      expect(binary.quantized?.vectors[0]).toHaveLength(48);
      const ubinary = await service.embed({ texts: TEXTS, precision: 'ubinary' });
      expect(ubinary.quantized?.vectors[0]).toBeInstanceOf(Uint8Array);
      expect((await service.embed({ texts: TEXTS })).quantized).toBeUndefined();
    } finally {
      await service.close();
    }
  });

  it('refuses int8 without current calibration ranges, for unnormalised vectors, and unknown precisions', async () => {
    const revision = await modelRevision('no-calibration', false);
    const { service } = await serviceWith(revision);
    try {
      await expect(service.embed({ texts: TEXTS, precision: 'int8' })).rejects.toMatchObject({
        code: 'INPUT_INVALID',
        message: expect.stringMatching(/no calibration ranges/),
      });
      expect((await service.embed({ texts: TEXTS, precision: 'binary' })).quantized?.precision).toBe(
        'binary',
      );
    } finally {
      await service.close();
    }
    // The committed ranges of the prepared files, next to a manifest whose config.json changed.
    const changed = await modelRevision('stale-calibration', true);
    const calibrationDir = join(changed.manifestsDirs[0] as string, 'calibration');
    await mkdir(calibrationDir);
    await copyFile(join(MANIFESTS_DIR, 'calibration', `${ID}.json`), join(calibrationDir, `${ID}.json`));
    const stale = await serviceWith(changed);
    try {
      await expect(stale.service.embed({ texts: TEXTS, precision: 'int8' })).rejects.toThrow(
        /other model files/,
      );
      await expect(stale.service.embed({ texts: TEXTS, precision: 'fp16' as never })).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      });
    } finally {
      await stale.service.close();
    }
    const plain = await serviceWith({
      manifestsDirs: [MANIFESTS_DIR],
      home: (await modelRevision('unnormalised', false)).home,
    });
    try {
      await expect(
        plain.service.embed({ texts: TEXTS, precision: 'int8', normalize: false }),
      ).rejects.toThrow(/normalised vectors only/);
    } finally {
      await plain.service.close();
    }
  });
});
