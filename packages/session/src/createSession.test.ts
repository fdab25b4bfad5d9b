import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from './createSession.js';
import { miniLmModelPath, recordingLogger, rejectionOf } from './testModels.js';
import type { EncoderInput, OnnxSession } from './types.js';

const HELLO_WORLD: EncoderInput = {
  inputIds: [101, 7592, 2088, 102],
  attentionMask: [1, 1, 1, 1],
  batchSize: 1,
  seqLength: 4,
};

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

describe('createSession on all-MiniLM-L6-v2', () => {
  let session: OnnxSession;

  beforeAll(async () => {
    session = await createSession(miniLmModelPath());
  });
  afterAll(async () => {
    await session.release();
  });

  it('loads on cpu in a worker thread by default and reports the attempt and load time', () => {
    expect(session.executionProvider).toBe('cpu');
    expect(session.runIn).toBe('worker');
    expect(session.attempts).toEqual([{ provider: 'cpu', outcome: 'selected', ms: expect.any(Number) }]);
    expect(session.loadMs).toBeGreaterThan(0);
    expect(session.optimizedModelCache).toBe('none');
  });

  it('introspects inputs, outputs and the hidden size', () => {
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    expect(session.outputNames).toEqual(['last_hidden_state']);
    expect(session.inputMetadata.map((m) => m.type)).toEqual(['int64', 'int64', 'int64']);
    expect(session.outputMetadata[0]?.shape).toHaveLength(3);
    expect(session.outputMetadata[0]?.shape[2]).toBe(384);
    expect(session.takesTokenTypeIds).toBe(true);
    expect(session.hiddenSize).toBe(384);
    expect(session.outputName).toBe('last_hidden_state');
    expect(session.outputKind).toBe('token');
  });

  it('applies the default settings: all cores intra-op, one inter-op thread, full optimisation', () => {
    expect(session.settings).toEqual({
      intraOpNumThreads: availableParallelism(),
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    });
  });

  it('falls back from cuda to cpu with a warning when CUDA is not usable', async () => {
    const logger = recordingLogger();
    const fallback = await createSession(miniLmModelPath(), { executionProviders: ['cuda', 'cpu'], logger });
    try {
      expect(fallback.executionProvider).toBe('cpu');
      expect(fallback.attempts.map((a) => [a.provider, a.outcome])).toEqual([
        ['cuda', expect.stringMatching(/^(skipped|failed)$/)],
        ['cpu', 'selected'],
      ]);
      expect(fallback.attempts[0]?.reason).toBeTruthy();
      expect(logger.warnings.some((w) => w.includes('"cuda"'))).toBe(true);
    } finally {
      await fallback.release();
    }
  });

  it('appends cpu as the last resort when the list lacks it', async () => {
    const fallback = await createSession(miniLmModelPath(), { executionProviders: ['tensorrt', 'coreml'] });
    try {
      expect(fallback.executionProvider).toBe('cpu');
      expect(fallback.attempts.map((a) => a.provider)).toEqual(['tensorrt', 'coreml', 'cpu']);
    } finally {
      await fallback.release();
    }
  });

  it('actually tries a provider present in the build and falls back when creating the session fails', async () => {
    const logger = recordingLogger();
    const tried = await createSession(miniLmModelPath(), { executionProviders: ['webgpu', 'cpu'], logger });
    try {
      const first = tried.attempts[0];
      expect(first?.provider).toBe('webgpu');
      if (tried.executionProvider === 'cpu') {
        // No GPU adapter here: ORT refused the provider and the session landed on CPU.
        expect(first?.outcome).toBe('failed');
        expect(first?.reason).toMatch(/\S/);
        expect(logger.warnings.some((w) => w.includes('"webgpu" failed'))).toBe(true);
      } else {
        expect(first?.outcome).toBe('selected');
      }
    } finally {
      await tried.release();
    }
  });

  it('throws EXECUTION_PROVIDER_UNAVAILABLE for strict cuda, with requested and available', async () => {
    const error = await rejectionOf(
      createSession(miniLmModelPath(), { executionProviders: ['cuda'], strict: true }),
    );
    expect(error.code).toBe('EXECUTION_PROVIDER_UNAVAILABLE');
    expect(error.details?.requested).toEqual(['cuda']);
    expect(error.details?.available).toContain('cpu');
    expect(error.details?.available).not.toContain('cuda');
    expect(error.message).toContain('cuda');
  });

  it('lets strict use cpu when cpu is in the list', async () => {
    const strict = await createSession(miniLmModelPath(), {
      executionProviders: ['cuda', 'cpu'],
      strict: true,
    });
    try {
      expect(strict.executionProvider).toBe('cpu');
    } finally {
      await strict.release();
    }
  });

  it('applies thread options: each extra intra-op thread is a real thread, results do not change', async () => {
    // Linux lists a process's threads in /proc; elsewhere only the results are compared.
    const linux = process.platform === 'linux';
    const threadCount = (): number => (linux ? readdirSync('/proc/self/task').length : 0);
    const before1 = threadCount();
    const one = await createSession(miniLmModelPath(), { intraOpNumThreads: 1 });
    const delta1 = threadCount() - before1;
    const before3 = threadCount();
    const three = await createSession(miniLmModelPath(), { intraOpNumThreads: 3, interOpNumThreads: 1 });
    const delta3 = threadCount() - before3;
    try {
      expect(one.settings.intraOpNumThreads).toBe(1);
      expect(three.settings.intraOpNumThreads).toBe(3);
      if (linux) expect(delta3 - delta1).toBe(2);
      const [a, b] = await Promise.all([one.runEncoder(HELLO_WORLD), three.runEncoder(HELLO_WORLD)]);
      expect(maxAbsDiff(a.data, b.data)).toBeLessThanOrEqual(1e-5);
    } finally {
      await Promise.all([one.release(), three.release()]);
    }
  });

  it('rejects invalid thread counts with INPUT_INVALID before loading', async () => {
    const error = await rejectionOf(createSession(miniLmModelPath(), { intraOpNumThreads: 0 }));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('intraOpNumThreads');
  });
});
