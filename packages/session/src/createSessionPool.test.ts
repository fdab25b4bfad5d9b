import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from './createSession.js';
import { createSessionPool } from './createSessionPool.js';
import type { SessionPool } from './sessionPoolTypes.js';
import { maxAbsDiff, miniLmBatch, miniLmModelPath, recordingLogger, rejectionOf } from './testModels.js';
import type { OnnxSession } from './types.js';

// One intra-op thread everywhere: identical kernels, so results agree to 1e-6.
const ONE_THREAD = { intraOpNumThreads: 1 } as const;

describe('createSessionPool with one replica', () => {
  let session: OnnxSession;
  let pool: SessionPool;

  beforeAll(async () => {
    session = await createSession(miniLmModelPath(), ONE_THREAD);
    pool = await createSessionPool(miniLmModelPath(), { ...ONE_THREAD, replicas: 1, allowSpinning: false });
  });
  afterAll(async () => {
    await Promise.all([session.release(), pool.release()]);
  });

  it('describes the model as createSession does and gives the same outputs', async () => {
    for (const key of ['executionProvider', 'runIn', 'hiddenSize', 'outputName', 'outputKind'] as const) {
      expect(pool[key]).toBe(session[key]);
    }
    expect(pool.inputMetadata).toEqual(session.inputMetadata);
    expect(pool.settings).toEqual(session.settings);
    expect(pool.replicas).toBe(1);
    const batch = miniLmBatch(3, 20);
    const [fromPool, fromSession] = await Promise.all([pool.runEncoder(batch), session.runEncoder(batch)]);
    expect(fromPool.dims).toEqual([3, 20, 384]);
    expect(maxAbsDiff(fromPool.data, fromSession.data)).toBeLessThanOrEqual(1e-6);
    // The caller's arrays are copied, never taken, so a run can be retried.
    expect(batch.inputIds).toHaveLength(60);
  });

  it('passes an ONNX Runtime error through as INFERENCE_FAILED, without retrying or restarting', async () => {
    const ids = new Tensor('int64', new BigInt64Array(4).fill(101n), [1, 4]);
    const error = await rejectionOf(pool.run({ input_ids: ids }));
    expect(error.code).toBe('INFERENCE_FAILED');
    expect(error.message).toContain('attention_mask');
    expect(pool.stats()).toMatchObject({ alive: 1, retried: 0, restarts: 0, inFlight: 0 });
  });

  it('runs on the main thread with runIn: main, where no replica can be terminated', async () => {
    const main = await createSessionPool(miniLmModelPath(), { ...ONE_THREAD, replicas: 1, runIn: 'main' });
    try {
      expect(main.runIn).toBe('main');
      const batch = miniLmBatch(2, 12);
      const [a, b] = [await main.runEncoder(batch), await session.runEncoder(batch)];
      expect(maxAbsDiff(a.data, b.data)).toBeLessThanOrEqual(1e-6);
      expect((await rejectionOf(main.terminateReplica(0))).code).toBe('INPUT_INVALID');
    } finally {
      await main.release();
    }
  });
});

describe('createSessionPool provider choice', () => {
  it('lets the first replica choose the provider and pins the others to it', async () => {
    const logger = recordingLogger();
    const pool = await createSessionPool(miniLmModelPath(), {
      ...ONE_THREAD,
      replicas: 2,
      executionProviders: ['cuda', 'cpu'],
      logger,
    });
    try {
      const cudaWarnings = logger.warnings.filter((warning) => warning.includes('"cuda"'));
      // Without CUDA libraries here, only the first replica considered CUDA before landing on CPU.
      if (pool.executionProvider === 'cpu') expect(cudaWarnings).toHaveLength(1);
      expect(pool.attempts.map((attempt) => attempt.provider)).toEqual(
        pool.executionProvider === 'cpu' ? ['cuda', 'cpu'] : ['cuda'],
      );
      expect(logger.infos.filter((info) => info.startsWith('Loaded "model.onnx" on '))).toEqual([
        expect.stringContaining(`on ${pool.executionProvider} `),
        expect.stringContaining(`on ${pool.executionProvider} `),
      ]);
    } finally {
      await pool.release();
    }
  });
});

describe('createSessionPool options', () => {
  it.each([
    [{ replicas: 0 }, /replicas/],
    [{ replicas: 1.5 }, /replicas/],
    [{ replicas: 2, runIn: 'main' as const }, /runIn "main"/],
    [{ replicas: 2, restartAttempts: -1 }, /restartAttempts/],
    [{ replicas: 2, restartBackoffMs: Number.NaN }, /restartBackoffMs/],
  ])('rejects %o with INPUT_INVALID before loading anything', async (options, message) => {
    const error = await rejectionOf(createSessionPool(miniLmModelPath(), options));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toMatch(message);
  });
});

describe('createSessionPool with three replicas', () => {
  const linux = process.platform === 'linux';
  const threadCount = (): number => readdirSync('/proc/self/task').length;
  let pool: SessionPool;
  let threadsBefore: number;

  beforeAll(async () => {
    // A first load starts the thread pools Node itself spins up lazily.
    await (await createSession(miniLmModelPath(), ONE_THREAD)).release();
    threadsBefore = threadCount();
    pool = await createSessionPool(miniLmModelPath(), { replicas: 3 });
  });
  afterAll(async () => {
    await pool.release();
  });

  it('splits the cores between the replicas when intraOpNumThreads is not given', () => {
    expect(pool.replicas).toBe(3);
    expect(pool.settings.intraOpNumThreads).toBe(Math.max(1, Math.floor(availableParallelism() / 3)));
    expect(pool.stats()).toMatchObject({ replicas: 3, alive: 3, restarting: 0, inFlight: 0 });
    expect(pool.idleReplicas()).toBe(3);
  });

  it('sends each run to the least busy replica, ties to the first one', async () => {
    const long = pool.runEncoder(miniLmBatch(32, 128));
    const first = pool.stats().perReplica.findIndex((replica) => replica.inFlight === 1);
    expect(pool.inFlight()).toBe(1);
    expect(pool.idleReplicas()).toBe(2);
    const others = [0, 1, 2].filter((index) => index !== first);
    const chosen: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = pool.stats().perReplica.map((replica) => replica.runs);
      const short = pool.runEncoder(miniLmBatch(1, 8, i + 2));
      // The long batch is still running: it was not sent to its replica.
      expect(pool.stats().perReplica[first]?.inFlight).toBe(1);
      await short;
      const after = pool.stats().perReplica.map((replica) => replica.runs);
      chosen.push(after.findIndex((runs, index) => runs !== before[index]));
    }
    // Under light load the lowest idle replica takes every run, so it stays warm.
    const warm = others[0] as number;
    expect(chosen).toEqual([warm, warm, warm, warm]);
    expect((await long).dims).toEqual([32, 128, 384]);
    expect(pool.stats().perReplica.map((replica) => replica.runs)).toEqual(
      [0, 1, 2].map((index) => (index === first ? 1 : index === warm ? 4 : 0)),
    );
  });

  it('spreads concurrent runs over every replica', async () => {
    const before = pool.stats().perReplica.map((replica) => replica.runs);
    await Promise.all(Array.from({ length: 9 }, (_, i) => pool.runEncoder(miniLmBatch(2, 16, i + 1))));
    const after = pool.stats().perReplica.map((replica) => replica.runs);
    expect(after.map((runs, index) => runs - (before[index] as number))).toEqual([3, 3, 3]);
  });

  it.runIf(linux)('waits for in-flight runs on release, then ends every replica worker', async () => {
    expect(threadCount()).toBeGreaterThanOrEqual(threadsBefore + 3);
    const runs = Array.from({ length: 6 }, (_, i) => pool.runEncoder(miniLmBatch(2, 16, i + 1)));
    expect(pool.inFlight()).toBe(6);
    await pool.release();
    expect(pool.inFlight()).toBe(0);
    for (const output of await Promise.all(runs)) expect(output.dims).toEqual([2, 16, 384]);
    expect(threadCount()).toBe(threadsBefore);
    expect(pool.disposed).toBe(true);
    expect((await rejectionOf(pool.runEncoder(miniLmBatch(1, 8)))).code).toBe('DISPOSED');
  });
});
