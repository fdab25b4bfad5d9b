import { isAkidbError } from '@akidb/core';
import { describe, expect, it } from 'vitest';
import { parseManifest } from './parseManifest.js';
import { serializeManifest } from './serializeManifest.js';

const SHA = 'ab'.repeat(32);

function sample(): Record<string, unknown> {
  return {
    id: 'tiny-model',
    aliases: ['tiny'],
    family: 'bert',
    description: 'a test manifest',
    parameters: 1000,
    dimension: 8,
    maxTokens: 16,
    pooling: 'mean',
    normalize: true,
    paddingSide: 'right',
    languages: ['en'],
    license: 'mit',
    quantization: 'fp32',
    memoryMB: 1,
    source: { type: 'hub', repo: 'org/tiny', revision: 'main' },
    files: [
      { path: 'model.onnx', role: 'model', size: 10, sha256: SHA, remotePath: 'onnx/model.onnx' },
      { path: 'tokenizer.json', role: 'tokenizer', size: 5, sha256: SHA },
    ],
  };
}

/** A manifest being broken on purpose; fields are loosely typed so that tests can write anything. */
interface Draft {
  [field: string]: unknown;
  files: Record<string, unknown>[];
  source: Record<string, unknown>;
}

function edit(mutate: (m: Draft) => void): Draft {
  const manifest = structuredClone(sample()) as Draft;
  mutate(manifest);
  return manifest;
}

function failure(json: unknown, file = 'models/foo.json'): { message: string; details: unknown } {
  try {
    parseManifest(json, file);
  } catch (error) {
    if (!isAkidbError(error, 'MANIFEST_INVALID')) throw error;
    return { message: error.message, details: error.details };
  }
  throw new Error('expected MANIFEST_INVALID');
}

describe('parseManifest', () => {
  it('accepts a manifest and fills in defaults', () => {
    const manifest = parseManifest(sample(), 'x.json');
    expect(manifest.prompts).toEqual({});
    expect(manifest.defaultPrompt).toBeNull();
    expect(manifest.matryoshkaDimensions).toBeNull();
    expect(manifest.unavailable).toBeNull();
    expect(manifest.default).toBe(false);
    expect(manifest.files[0]?.remotePath).toBe('onnx/model.onnx');
    expect(manifest.files[1]).not.toHaveProperty('remotePath');
  });

  it('parses JSON text and round-trips through serializeManifest', () => {
    const manifest = parseManifest(JSON.stringify(sample()), 'x.json');
    expect(parseManifest(serializeManifest(manifest), 'y.json')).toEqual(manifest);
  });

  it('names the file and field of a bad sha256', () => {
    const bad = edit((m) => {
      m.files[0]!.sha256 = 'abc';
    });
    expect(failure(bad).message).toBe('models/foo.json: files[0].sha256: expected 64 hex chars');
  });

  it.each<[string, (m: Draft) => unknown, string]>([
    ['missing field', (m: Draft) => delete m.dimension, 'dimension: required'],
    ['wrong type', (m: Draft) => (m.maxTokens = '512'), 'maxTokens: expected a number'],
    ['fractional', (m: Draft) => (m.dimension = 1.5), 'dimension: expected a positive integer'],
    ['bad pooling', (m: Draft) => (m.pooling = 'sum'), 'pooling: Invalid option'],
    ['uppercase id', (m: Draft) => (m.id = 'Tiny'), 'id: expected lowercase'],
    ['path-like id', (m: Draft) => (m.id = '../../etc/passwd'), 'id: expected lowercase'],
    ['dotdot id', (m: Draft) => (m.id = 'a..b'), 'id: expected lowercase'],
    ['slash id', (m: Draft) => (m.id = 'a/b'), 'id: expected lowercase'],
    ['escaping file path', (m: Draft) => (m.files[1]!.path = '../x.json'), 'files[1].path:'],
    ['absolute file path', (m: Draft) => (m.files[1]!.path = '/etc/passwd'), 'files[1].path:'],
    ['reserved file path', (m: Draft) => (m.files[1]!.path = 'manifest.json'), 'files[1].path:'],
    ['negative size', (m: Draft) => (m.files[1]!.size = -1), 'files[1].size:'],
    ['bad source', (m: Draft) => (m.source = { type: 'ftp' }), 'source.type:'],
    ['bad repo', (m: Draft) => (m.source.repo = '../x'), 'source.repo: expected "org/name"'],
    ['no model file', (m: Draft) => (m.files[0]!.role = 'other'), 'files: no file has role "model"'],
    ['duplicate path', (m: Draft) => (m.files[1]!.path = 'model.onnx'), 'files[1].path: duplicate'],
    ['unknown default prompt', (m: Draft) => (m.defaultPrompt = 'query'), 'defaultPrompt:'],
    ['matryoshka too big', (m: Draft) => (m.matryoshkaDimensions = [4, 16]), 'matryoshkaDimensions[1]'],
    ['duplicate alias', (m: Draft) => (m.aliases = ['a', 'A']), 'aliases[1]: duplicate alias'],
  ])('rejects %s', (_name, mutate, expected) => {
    const { message } = failure(edit(mutate));
    expect(message.startsWith('models/foo.json: ')).toBe(true);
    expect(message).toContain(expected);
  });

  it('reports every bad field, with structured details', () => {
    const { message, details } = failure(
      edit((m) => {
        delete m.license;
        m.files[1]!.sha256 = 'zz';
      }),
    );
    expect(message).toContain('license: required');
    expect(message).toContain('files[1].sha256: expected 64 hex chars');
    expect(details).toMatchObject({
      file: 'models/foo.json',
      issues: expect.arrayContaining([{ path: 'license', message: 'required' }]),
    });
  });

  it('rejects text that is not JSON', () => {
    expect(failure('{ nope', 'broken.json').message).toMatch(/^broken\.json: not valid JSON/);
  });

  it('allows unknown sizes and hashes only when the model is marked unavailable', () => {
    const unpinned = edit((m) => {
      m.files[0]!.sha256 = null;
      delete m.files[1]!.size;
    });
    const { message } = failure(unpinned);
    expect(message).toContain('files[0].sha256: required unless "unavailable" gives a reason');
    expect(message).toContain('files[1].size: required unless');
    const manifest = parseManifest({ ...unpinned, unavailable: 'not exported yet' }, 'x.json');
    expect(manifest.files[0]?.sha256).toBeNull();
    expect(manifest.files[1]?.size).toBeNull();
  });

  it('lowercases hashes and accepts a pypi source', () => {
    const manifest = parseManifest(
      edit((m) => {
        m.files[0]!.sha256 = SHA.toUpperCase();
        m.source = { type: 'pypi', package: 'gt-tiny', version: '0.1.0' };
      }),
      'x.json',
    );
    expect(manifest.files[0]?.sha256).toBe(SHA);
    expect(manifest.source).toEqual({ type: 'pypi', package: 'gt-tiny', version: '0.1.0' });
  });
});

describe('parseManifest: converted and random-weight models', () => {
  const convert = (mutate: (m: Draft) => void = () => undefined): Draft =>
    edit((m) => {
      m.source = { type: 'hub-convert', repo: 'Qwen/Qwen3-Embedding-0.6B' };
      m.files = [
        { path: 'model.onnx', role: 'model', size: null, sha256: null },
        { path: 'model.onnx_data', role: 'model-data' },
      ];
      m.appendToken = '<|endoftext|>';
      mutate(m);
    });

  it('lets a hub-convert manifest leave its files unpinned (the conversion pins them)', () => {
    const manifest = parseManifest(convert(), 'x.json');
    expect(manifest.source).toEqual({
      type: 'hub-convert',
      repo: 'Qwen/Qwen3-Embedding-0.6B',
      revision: 'main',
      pins: {},
    });
    expect(manifest.files.map((file) => file.sha256)).toEqual([null, null]);
    expect(manifest.appendToken).toBe('<|endoftext|>');
    expect(manifest.unavailable).toBeNull();
    expect(parseManifest(serializeManifest(manifest), 'y.json')).toEqual(manifest);
  });

  it('still requires pins of a plain hub manifest', () => {
    const bad = edit((m) => {
      m.files[0]!.sha256 = null;
    });
    expect(failure(bad).message).toMatch(/files\[0\]\.sha256: required unless/);
  });

  it('checks source pins', () => {
    const pinned = parseManifest(
      convert((m) => {
        (m.source as Record<string, unknown>).pins = {
          'model.safetensors': { size: 5, sha256: SHA.toUpperCase() },
        };
      }),
      'x.json',
    );
    expect(pinned.source).toMatchObject({ pins: { 'model.safetensors': { size: 5, sha256: SHA } } });
    const bad = convert((m) => {
      (m.source as Record<string, unknown>).pins = { '../x': { sha256: 'zz' } };
    });
    expect(failure(bad).message).toMatch(/source\.pins/);
  });

  it('accepts random-weight sources and defaults appendToken to null', () => {
    const manifest = parseManifest(
      edit((m) => {
        m.source = { type: 'random', family: 'qwen3', shape: 'tiny', seed: 7 };
      }),
      'x.json',
    );
    expect(manifest.source).toEqual({ type: 'random', family: 'qwen3', shape: 'tiny', seed: 7 });
    expect(manifest.appendToken).toBeNull();
    expect(serializeManifest(manifest)).not.toContain('appendToken');
    expect(
      failure(
        edit((m) => {
          m.source = { type: 'random', family: 'x', shape: 'y' };
        }),
      ).message,
    ).toMatch(/source\.seed/);
  });
});
