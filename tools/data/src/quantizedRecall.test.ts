import { modelDirectory } from '@akidb/core';
import { modelFingerprint } from '@akidb/embedding-cache';
import type { OnnxEmbeddingProvider } from '@akidb/embedding-provider';
import { loadOnnxEmbeddingProvider } from '@akidb/embedding-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import manifest from '../../../models/all-minilm-l6-v2.json' with { type: 'json' };
import { readCalibrationFile } from './calibrationFile.js';
import type { QuantizedRecall } from './quantizedRecall.js';
import { quantizedRecall } from './quantizedRecall.js';
import { buildRetrievalSet } from './retrievalSet.js';
import { readStsb } from './stsb.js';

const MANIFESTS_DIR = new URL('../../../models', import.meta.url).pathname;
const calibration = readCalibrationFile(MANIFESTS_DIR, 'all-minilm-l6-v2');

describe('quantized retrieval on STS-B (all-minilm-l6-v2, real model)', () => {
  let provider: OnnxEmbeddingProvider;
  let result: QuantizedRecall;
  beforeAll(async () => {
    provider = await loadOnnxEmbeddingProvider({ modelDir: modelDirectory('all-minilm-l6-v2') });
    const { forward, backward } = buildRetrievalSet(readStsb('test'));
    result = await quantizedRecall(provider, [forward, backward], calibration.ranges['384']!);
  }, 600_000);
  afterAll(() => provider?.dispose());

  it('the committed calibration was computed with this revision of the model', () => {
    expect(calibration.modelFingerprint).toBe(modelFingerprint(manifest.files));
    expect(calibration.ranges['384']!.min).toHaveLength(384);
  });

  it('float32 retrieval works at all (every ratio below is against it)', () => {
    expect(result.queries).toBeGreaterThan(2500);
    expect(result.recall.float32).toBeGreaterThan(0.6);
  });

  it('int8 keeps >= 98% of float32 recall@10', () => {
    expect(result.recall.int8 / result.recall.float32).toBeGreaterThanOrEqual(0.98);
    expect(result.recall.int8Codes / result.recall.float32).toBeGreaterThanOrEqual(0.98);
    expect(result.recall.uint8 / result.recall.float32).toBeGreaterThanOrEqual(0.98);
  });

  it('binary keeps >= 85% of float32 recall@10', () => {
    expect(result.recall.binary / result.recall.float32).toBeGreaterThanOrEqual(0.85);
    expect(result.recall.ubinary).toBe(result.recall.binary);
  });
});
