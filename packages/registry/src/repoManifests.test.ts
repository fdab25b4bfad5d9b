import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRegistry } from './loadRegistry.js';
import { parseManifest } from './parseManifest.js';

const MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));
const HUB_METADATA = '/work/shared/hub-metadata';
const names = (await readdir(MODELS_DIR)).filter((name) => name.endsWith('.json')).sort();
const emptyHome = await mkdtemp(join(tmpdir(), 'akidb-home-'));

afterAll(async () => {
  await rm(emptyHome, { recursive: true, force: true });
});

describe('the manifests in models/', () => {
  it('exist', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)('%s is valid and named after its id', async (name) => {
    const manifest = parseManifest(await readFile(join(MODELS_DIR, name), 'utf8'), `models/${name}`);
    expect(`${manifest.id}.json`).toBe(name);
  });

  it('load together: no duplicate ids or aliases', async () => {
    const registry = await loadRegistry({ manifestsDirs: [MODELS_DIR], home: emptyHome, offline: false });
    expect(registry.list()).toHaveLength(names.length);
    for (const entry of registry.list()) {
      const obtainable = entry.source.type === 'hub' || entry.source.type === 'hub-convert';
      expect(entry.state, entry.id).toBe(
        entry.unavailable === null && obtainable ? 'downloadable' : 'unavailable',
      );
    }
  });

  it('have no model left unavailable: every Hub model is downloadable or converted on pull', async () => {
    const registry = await loadRegistry({ manifestsDirs: [MODELS_DIR], home: emptyHome, offline: false });
    expect(registry.list().filter((entry) => entry.unavailable !== null)).toEqual([]);
    const converted = registry.list().filter((entry) => entry.source.type === 'hub-convert');
    expect(converted.map((entry) => entry.id).sort()).toEqual(
      expect.arrayContaining([
        'e5-small-v2',
        'qwen3-embedding-0.6b',
        'qwen3-embedding-4b',
        'qwen3-embedding-8b',
      ]),
    );
    for (const entry of converted.filter((e) => e.family === 'qwen3')) {
      expect(entry.appendToken, entry.id).toBe('<|endoftext|>');
      expect(entry.paddingSide, entry.id).toBe('left');
      expect(entry.pooling, entry.id).toBe('last');
      expect(entry.prompts.query, entry.id).toMatch(/^Instruct: .*\nQuery:$/s);
      expect(entry.matryoshkaDimensions?.[0], entry.id).toBe(32);
      expect(entry.matryoshkaDimensions?.at(-1), entry.id).toBe(entry.dimension);
      // Over 2 GB of fp32 weights need ONNX external data.
      const external = entry.files.some((file) => file.role === 'model-data');
      expect(external, entry.id).toBe(entry.quantization === 'fp32' && entry.parameters * 4 > 1.8e9);
    }
  });

  it.skipIf(!existsSync(HUB_METADATA))('pin hub-metadata files at their real size and sha256', async () => {
    const registry = await loadRegistry({ manifestsDirs: [MODELS_DIR], home: emptyHome, offline: false });
    const checked: string[] = [];
    for (const [id, dir] of [
      ['bge-small-en-v1.5', 'bge-small-en-v1.5'],
      ['gte-small', 'gte-small'],
    ] as const) {
      if (!names.includes(`${id}.json`)) continue;
      for (const file of registry.get(id).files.filter((f) => f.role !== 'model')) {
        const bytes = await readFile(join(HUB_METADATA, dir, file.path));
        expect(file.size, `${id}/${file.path}`).toBe(bytes.length);
        expect(file.sha256, `${id}/${file.path}`).toBe(createHash('sha256').update(bytes).digest('hex'));
        checked.push(`${id}/${file.path}`);
      }
    }
    expect(checked.length).toBeGreaterThan(0);
  });
});
