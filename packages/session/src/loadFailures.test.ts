import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from './createSession.js';
import { miniLmModelPath, rejectionOf } from './testModels.js';
import type { SessionOptions } from './types.js';

describe('createSession load failures', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'akidb-session-load-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectLoadFailure(file: string, reason: RegExp, options: SessionOptions = {}) {
    const path = join(dir, file);
    const error = await rejectionOf(createSession(path, options));
    expect(error.code).toBe('MODEL_LOAD_FAILED');
    expect(error.message).toContain(`"${file}"`);
    expect(error.message).not.toContain(dir);
    expect(error.message).toMatch(reason);
    expect(error.details).toEqual({ file });
    return error;
  }

  it('reports a missing file by name', async () => {
    await expectLoadFailure('missing.onnx', /does not exist/);
  });

  it('reports garbage bytes as not an ONNX model, with the ORT error as cause', async () => {
    writeFileSync(join(dir, 'garbage.onnx'), randomBytes(4096));
    const error = await expectLoadFailure('garbage.onnx', /not a valid ONNX model/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('reports a truncated copy of the real model', async () => {
    const real = readFileSync(miniLmModelPath());
    writeFileSync(join(dir, 'truncated.onnx'), real.subarray(0, Math.floor(real.length / 2)));
    await expectLoadFailure('truncated.onnx', /not a valid ONNX model/);
  });

  it('reports a JSON file that is not a model', async () => {
    writeFileSync(join(dir, 'config.json'), '{"hidden_size": 384}\n');
    await expectLoadFailure('config.json', /not a valid ONNX model|no ONNX graph/);
  });

  it('reports an empty file and a directory', async () => {
    writeFileSync(join(dir, 'empty.onnx'), '');
    await expectLoadFailure('empty.onnx', /empty/);
    mkdirSync(join(dir, 'folder.onnx'));
    await expectLoadFailure('folder.onnx', /not a file/);
  });

  it('reports a broken model as MODEL_LOAD_FAILED even when a GPU provider was asked for first', async () => {
    writeFileSync(join(dir, 'broken.onnx'), randomBytes(1024));
    await expectLoadFailure('broken.onnx', /not a valid ONNX model/, {
      executionProviders: ['cuda', 'webgpu', 'cpu'],
    });
  });

  it('reports the same for a corrupt model on the main thread (runIn: main)', async () => {
    const real = readFileSync(miniLmModelPath());
    const corrupt = Buffer.from(real);
    corrupt.fill(0xff, 0, 64);
    writeFileSync(join(dir, 'corrupt.onnx'), corrupt);
    const inWorker = await expectLoadFailure('corrupt.onnx', /not a valid ONNX model/);
    const inMain = await expectLoadFailure('corrupt.onnx', /not a valid ONNX model/, { runIn: 'main' });
    expect(inMain.message).toBe(inWorker.message);
  });
});
