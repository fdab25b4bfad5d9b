import { Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from './createSession.js';
import { miniLmModelPath, rejectionOf } from './testModels.js';
import type { EncoderInput, OnnxSession, SessionThread } from './types.js';

// "hello world" and "hello" in the MiniLM vocabulary, [CLS] … [SEP].
const LONG = [101, 7592, 2088, 102];
const SHORT = [101, 7592, 102];
const HIDDEN = 384;

function single(ids: readonly number[]): EncoderInput {
  return { inputIds: ids, attentionMask: ids.map(() => 1), batchSize: 1, seqLength: ids.length };
}

/** Largest difference between `count` token vectors of two outputs, starting at the given tokens. */
function tokenDiff(a: Float32Array, aToken: number, b: Float32Array, bToken: number, count: number): number {
  let max = 0;
  for (let i = 0; i < count * HIDDEN; i++) {
    const x = a[aToken * HIDDEN + i] as number;
    const y = b[bToken * HIDDEN + i] as number;
    max = Math.max(max, Math.abs(x - y));
  }
  return max;
}

const THREADS: readonly SessionThread[] = ['worker', 'main'];

describe.each(THREADS)('OnnxSession on all-MiniLM-L6-v2, runIn: %s', (runIn) => {
  let session: OnnxSession;

  beforeAll(async () => {
    session = await createSession(miniLmModelPath(), { intraOpNumThreads: 1, runIn });
    expect(session.runIn).toBe(runIn);
  });
  afterAll(async () => {
    await session.release();
  });

  it('runs a right-padded batch of 2 and matches each row run alone on the valid positions', async () => {
    const batch = await session.runEncoder({
      inputIds: BigInt64Array.from([...LONG, ...SHORT, 0].map(BigInt)),
      attentionMask: BigInt64Array.from([1, 1, 1, 1, 1, 1, 1, 0].map(BigInt)),
      batchSize: 2,
      seqLength: 4,
    });
    expect(batch.dims).toEqual([2, 4, HIDDEN]);
    expect(batch.outputKind).toBe('token');
    expect(batch.outputName).toBe('last_hidden_state');
    expect(batch.data).toHaveLength(2 * 4 * HIDDEN);
    expect(batch.data.every(Number.isFinite)).toBe(true);

    const long = await session.runEncoder(single(LONG));
    const short = await session.runEncoder(single(SHORT));
    expect(long.dims).toEqual([1, 4, HIDDEN]);
    expect(tokenDiff(batch.data, 0, long.data, 0, 4)).toBeLessThanOrEqual(1e-5);
    expect(tokenDiff(batch.data, 4, short.data, 0, 3)).toBeLessThanOrEqual(1e-5);
    // The two texts really differ, so the comparison above is not vacuous.
    expect(tokenDiff(long.data, 1, short.data, 1, 1)).toBeGreaterThan(1e-3);
  });

  it('feeds zero token_type_ids when none are given, and accepts plain number arrays', async () => {
    const implicit = await session.runEncoder(single(LONG));
    const explicit = await session.runEncoder({ ...single(LONG), tokenTypeIds: [0, 0, 0, 0] });
    const segmentB = await session.runEncoder({ ...single(LONG), tokenTypeIds: [1, 1, 1, 1] });
    expect(tokenDiff(implicit.data, 0, explicit.data, 0, 4)).toBe(0);
    expect(tokenDiff(implicit.data, 0, segmentB.data, 0, 4)).toBeGreaterThan(1e-4);
  });

  it('rejects inputs whose length does not match batchSize × seqLength', async () => {
    const error = await rejectionOf(
      session.runEncoder({ inputIds: [101, 102], attentionMask: [1, 1, 1], batchSize: 1, seqLength: 2 }),
    );
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('attentionMask');
    const fractional = await rejectionOf(
      session.runEncoder({ inputIds: [101, 1.5], attentionMask: [1, 1], batchSize: 1, seqLength: 2 }),
    );
    expect(fractional.code).toBe('INPUT_INVALID');
  });

  it('passes raw feeds through run() and wraps ORT failures in INFERENCE_FAILED', async () => {
    const ids = new Tensor('int64', BigInt64Array.from(LONG.map(BigInt)), [1, 4]);
    const ones = new Tensor('int64', new BigInt64Array(4).fill(1n), [1, 4]);
    const zeros = new Tensor('int64', new BigInt64Array(4), [1, 4]);
    const results = await session.run({ input_ids: ids, attention_mask: ones, token_type_ids: zeros });
    expect(results.last_hidden_state?.dims).toEqual([1, 4, HIDDEN]);

    const wrongType = new Tensor('float32', new Float32Array(4), [1, 4]);
    const error = await rejectionOf(
      session.run({ input_ids: wrongType, attention_mask: ones, token_type_ids: zeros }),
    );
    expect(error.code).toBe('INFERENCE_FAILED');
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe.each(THREADS)('OnnxSession.release, runIn: %s', (runIn) => {
  it('makes later runs throw DISPOSED and is idempotent', async () => {
    const session = await createSession(miniLmModelPath(), { intraOpNumThreads: 1, runIn });
    expect(session.disposed).toBe(false);
    await session.release();
    expect(session.disposed).toBe(true);
    await expect(session.release()).resolves.toBeUndefined();
    expect((await rejectionOf(session.runEncoder(single(SHORT)))).code).toBe('DISPOSED');
    expect((await rejectionOf(session.run({}))).code).toBe('DISPOSED');
  });

  it('waits for in-flight runs: a run started before release completes', async () => {
    const session = await createSession(miniLmModelPath(), { intraOpNumThreads: 1, runIn });
    const inFlight = [session.runEncoder(single(LONG)), session.runEncoder(single(SHORT))];
    const released = session.release();
    const late = rejectionOf(session.runEncoder(single(LONG)));
    const [long, short] = await Promise.all(inFlight);
    expect(long?.dims).toEqual([1, 4, HIDDEN]);
    expect(short?.dims).toEqual([1, 3, HIDDEN]);
    expect((await late).code).toBe('DISPOSED');
    await released;
    expect(session.disposed).toBe(true);
  });
});
