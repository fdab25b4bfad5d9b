import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from './createSession.js';
import { maxAbsDiff, miniLmBatch, miniLmModelPath, rejectionOf } from './testModels.js';
import type { EncoderInput, EncoderOutput, OnnxSession } from './types.js';

const TICK_MS = 5;

/**
 * Runs `input` while a 5 ms interval ticks. `expected` is the tick count of a free event loop; `longestStall`
 * the longest time without a tick (start and end of the run included), as a fraction of the run.
 */
async function runWhileTicking(session: OnnxSession, input: EncoderInput) {
  const started = performance.now();
  const tickTimes: number[] = [];
  const timer = setInterval(() => {
    tickTimes.push(performance.now());
  }, TICK_MS);
  try {
    const output = await session.runEncoder(input);
    const ended = performance.now();
    const times = [started, ...tickTimes, ended];
    const longest = Math.max(...times.slice(1).map((t, i) => t - (times[i] as number)));
    const duration = ended - started;
    return {
      output,
      ticks: tickTimes.length,
      expected: duration / TICK_MS,
      longestStall: longest / duration,
    };
  } finally {
    clearInterval(timer);
  }
}

// One intra-op thread in both modes: identical kernels (so identical results), and a core left for
// the test's own event loop on small machines.
describe('runIn: worker (default) versus main, on all-MiniLM-L6-v2', () => {
  let worker: OnnxSession;
  let main: OnnxSession;

  beforeAll(async () => {
    worker = await createSession(miniLmModelPath(), { intraOpNumThreads: 1 });
    main = await createSession(miniLmModelPath(), { intraOpNumThreads: 1, runIn: 'main' });
  });
  afterAll(async () => {
    await Promise.all([worker.release(), main.release()]);
  });

  it('runs in a worker by default and on the calling thread with runIn: main', () => {
    expect(worker.runIn).toBe('worker');
    expect(main.runIn).toBe('main');
    expect(worker.hiddenSize).toBe(main.hiddenSize);
    expect(worker.inputMetadata).toEqual(main.inputMetadata);
    expect(worker.outputMetadata).toEqual(main.outputMetadata);
  });

  it('keeps the event loop ticking during a 32x128 batch in a worker; on the main thread it stalls', async () => {
    const batch = miniLmBatch(32, 128);
    const inWorker = await runWhileTicking(worker, batch);
    const inMain = await runWhileTicking(main, batch);
    // Why the worker exists: onnxruntime-node runs inference synchronously on the calling thread, so in
    // main mode the whole batch is one stall. How many ticks a free loop gets depends on how busy the
    // machine is (about half at a load of 12 on 2 cores, nearly all when idle), hence the low bar.
    expect(inWorker.ticks).toBeGreaterThanOrEqual(inWorker.expected * 0.25);
    expect(inWorker.longestStall).toBeLessThan(0.25);
    expect(inMain.ticks).toBeLessThan(inMain.expected * 0.1);
    expect(inMain.longestStall).toBeGreaterThan(0.75);
    expect(inMain.ticks * 5).toBeLessThan(inWorker.ticks);
    // Same numbers either way; the caller's arrays are copied, not taken, by default.
    expect(inWorker.output.dims).toEqual([32, 128, 384]);
    expect(maxAbsDiff(inWorker.output.data, inMain.output.data)).toBeLessThanOrEqual(1e-6);
    expect(batch.inputIds).toHaveLength(32 * 128);
  });

  it('answers concurrent runEncoder calls each with its own result', async () => {
    const inputs = [1, 2, 3, 4, 5, 6].map((seed) => miniLmBatch(1 + (seed % 3), 8 + seed * 4, seed));
    const concurrent = await Promise.all(inputs.map((input) => worker.runEncoder(input)));
    const sequential: EncoderOutput[] = [];
    for (const input of inputs) sequential.push(await main.runEncoder(input));
    concurrent.forEach((output, i) => {
      const reference = sequential[i] as EncoderOutput;
      expect(output.dims).toEqual(reference.dims);
      expect(maxAbsDiff(output.data, reference.data)).toBeLessThanOrEqual(1e-6);
    });
    // Different inputs, different outputs: the comparison above would catch a mix-up.
    expect(concurrent[0]?.data[0]).not.toBe(concurrent[1]?.data[0]);
  });

  it('rejects an unknown runIn with INPUT_INVALID', async () => {
    const error = await rejectionOf(createSession(miniLmModelPath(), { runIn: 'gpu' as never }));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('runIn');
  });
});

describe('transferInputs', () => {
  it('moves standalone input arrays to the worker, copies views, and gives the same results', async () => {
    const session = await createSession(miniLmModelPath(), { intraOpNumThreads: 1, transferInputs: true });
    try {
      const reference = await session.runEncoder(miniLmBatch(2, 16));
      const standalone = miniLmBatch(2, 16);
      const moved = await session.runEncoder(standalone);
      expect(standalone.inputIds).toHaveLength(0);
      expect(standalone.attentionMask).toHaveLength(0);
      expect(maxAbsDiff(moved.data, reference.data)).toBeLessThanOrEqual(1e-6);

      const source = miniLmBatch(2, 16);
      const larger = new BigInt64Array(64 + 32);
      larger.set(source.inputIds as BigInt64Array, 64);
      const view = { ...source, inputIds: larger.subarray(64) };
      const copied = await session.runEncoder(view);
      expect(view.inputIds).toHaveLength(32);
      expect(larger[64]).toBe(101n);
      expect(maxAbsDiff(copied.data, reference.data)).toBeLessThanOrEqual(1e-6);
    } finally {
      await session.release();
    }
  });
});

describe('release in worker mode', () => {
  const linux = process.platform === 'linux';
  const threadCount = (): number => readdirSync('/proc/self/task').length;

  it.runIf(linux)('ends the worker thread and the session threads it held', async () => {
    // A first load starts the thread pools Node itself spins up lazily.
    await (await createSession(miniLmModelPath(), { intraOpNumThreads: 1 })).release();
    const before = threadCount();
    const session = await createSession(miniLmModelPath(), { intraOpNumThreads: 3 });
    // The worker thread plus ORT's two extra intra-op threads.
    expect(threadCount() - before).toBeGreaterThanOrEqual(3);
    await session.runEncoder(miniLmBatch(1, 16));
    await session.release();
    expect(threadCount()).toBe(before);
    expect(session.disposed).toBe(true);
    expect((await rejectionOf(session.runEncoder(miniLmBatch(1, 16)))).code).toBe('DISPOSED');
  });
});
