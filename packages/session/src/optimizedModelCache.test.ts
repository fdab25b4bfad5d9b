import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from './createSession.js';
import { miniLmModelPath, recordingLogger } from './testModels.js';
import type { EncoderInput, OptimizedModelCacheUse, SessionOptions } from './types.js';

const INPUT: EncoderInput = {
  inputIds: [101, 7592, 2088, 102],
  attentionMask: [1, 1, 1, 1],
  batchSize: 1,
  seqLength: 4,
};

describe('optimizedModelFilePath', () => {
  let dir: string;
  let cachePath: string;
  let reference: Float32Array;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'akidb-session-cache-'));
    cachePath = join(dir, 'nested', 'cpu', 'model.optimized.onnx');
    const plain = await createSession(miniLmModelPath(), { intraOpNumThreads: 1 });
    reference = (await plain.runEncoder(INPUT)).data;
    await plain.release();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Loads with the cache, checks the outputs match the plain model, returns how the cache was used. */
  async function loadWithCache(options: SessionOptions = {}): Promise<OptimizedModelCacheUse> {
    const session = await createSession(miniLmModelPath(), {
      intraOpNumThreads: 1,
      optimizedModelFilePath: cachePath,
      // ORT warns that an 'all'-level optimised model is hardware specific; keep the test output quiet.
      logSeverityLevel: 3,
      ...options,
    });
    try {
      expect(session.hiddenSize).toBe(384);
      const out = await session.runEncoder(INPUT);
      let max = 0;
      for (let i = 0; i < out.data.length; i++) {
        max = Math.max(max, Math.abs((out.data[i] as number) - (reference[i] as number)));
      }
      expect(max).toBeLessThanOrEqual(1e-5);
      return session.optimizedModelCache;
    } finally {
      await session.release();
    }
  }

  it('is written on first load (creating its directory) and reused on the next', async () => {
    expect(await loadWithCache()).toBe('written');
    expect(statSync(cachePath).size).toBeGreaterThan(1_000_000);
    expect(await loadWithCache()).toBe('reused');
    // Written through a temporary file that is renamed into place: nothing else is left behind.
    expect(readdirSync(join(dir, 'nested', 'cpu'))).toEqual(['model.optimized.onnx']);
  });

  it('is rebuilt when older than the model', async () => {
    utimesSync(cachePath, new Date(0), new Date(0));
    expect(await loadWithCache()).toBe('written');
    expect(statSync(cachePath).mtimeMs).toBeGreaterThan(0);
    expect(await loadWithCache()).toBe('reused');
  });

  it('is rebuilt with a warning when ORT cannot read it', async () => {
    writeFileSync(cachePath, 'not a model at all');
    const logger = recordingLogger();
    expect(await loadWithCache({ logger })).toBe('written');
    expect(logger.warnings.some((w) => w.includes('model.optimized.onnx') && w.includes('rebuilding'))).toBe(
      true,
    );
    expect(await loadWithCache()).toBe('reused');
  });
});
