import type { EncodedText } from '@akidb/core';
import { AkidbError, isAkidbError } from '@akidb/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BatchReport, BatchScheduler, type BatchSchedulerOptions } from './batchScheduler.js';

/** A row whose first id identifies it; the fake runner returns `[id]` as its vector. */
function row(id: number, tokens = 4): EncodedText {
  const ids = new Int32Array(tokens);
  ids[0] = id;
  return { ids, tokenCount: tokens };
}

interface Call {
  rows: readonly EncodedText[];
  finish: () => void;
  fail: (error: unknown) => void;
}

/** A batcher whose runner waits until the test finishes each call. */
function harness(options: Partial<BatchSchedulerOptions> = {}) {
  const calls: Call[] = [];
  const reports: BatchReport[] = [];
  const batcher = new BatchScheduler({
    model: 'm',
    maxBatchSize: 4,
    maxBatchTokens: 1000,
    // Calls cost far more than padding here, so batches are never cut for length unless a test says so.
    batchOverheadTokens: 10_000,
    maxQueueTexts: 100,
    replicas: () => 1,
    coalesce: true,
    onBatch: (report) => reports.push(report),
    run: (rows) =>
      new Promise<Float32Array[]>((resolve, reject) => {
        calls.push({
          rows,
          finish: () => resolve(rows.map((r) => Float32Array.of(r.ids[0] ?? -1))),
          fail: reject,
        });
      }),
    ...options,
  });
  return { batcher, calls, reports };
}

const firstIds = (rows: readonly EncodedText[]): number[] => rows.map((r) => r.ids[0] ?? -1);
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BatchScheduler', () => {
  it('dispatches at once when the model is idle (no fixed wait)', () => {
    const { batcher, calls } = harness();
    void batcher.submit([row(1)]);
    expect(calls).toHaveLength(1);
    expect(firstIds(calls[0]?.rows ?? [])).toEqual([1]);
  });

  it('coalesces requests that arrive while a batch runs into the next batch', async () => {
    const { batcher, calls } = harness();
    const first = batcher.submit([row(1)]);
    const second = batcher.submit([row(2), row(3)]);
    const third = batcher.submit([row(4)]);
    expect(calls).toHaveLength(1);
    calls[0]?.finish();
    await flush();
    expect(calls).toHaveLength(2);
    expect(firstIds(calls[1]?.rows ?? [])).toEqual([2, 3, 4]);
    calls[1]?.finish();
    const results = await Promise.all([first, second, third]);
    expect(results.map((r) => r.vectors.map((v) => v[0]))).toEqual([[1], [2, 3], [4]]);
  });

  it("hands the next batch to the freed slot before the finished batch's callers resume", async () => {
    const { batcher, calls } = harness();
    let callsWhenFirstResumed = -1;
    const first = batcher.submit([row(1)]).then(() => {
      callsWhenFirstResumed = calls.length;
    });
    void batcher.submit([row(2)]);
    expect(calls).toHaveLength(1);
    calls[0]?.finish();
    await first;
    expect(callsWhenFirstResumed).toBe(2);
    expect(firstIds(calls[1]?.rows ?? [])).toEqual([2]);
  });

  it('shares a lone batch among idle replicas, but not while a replica is busy', async () => {
    const { batcher, calls } = harness({ replicas: () => 2, batchOverheadTokens: 1 });
    const alone = batcher.submit([row(1), row(2), row(3), row(4)]);
    // Both replicas idle: 1 + 4 x 4 = 17 whole, 1 + 2 x 4 = 9 per half (+ 1 for the added call).
    expect(calls.map((c) => firstIds(c.rows))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    for (const call of calls) call.finish();
    expect((await alone).vectors.map((v) => v[0])).toEqual([1, 2, 3, 4]);

    void batcher.submit([row(5)]);
    void batcher.submit([row(6), row(7), row(8), row(9)]);
    // One replica runs [5]: the next batch goes whole to the other.
    expect(calls.slice(2).map((c) => firstIds(c.rows))).toEqual([[5], [6, 7, 8, 9]]);
  });

  it('runs as many batches at once as it has slots (replicas)', async () => {
    const { batcher, calls } = harness({ replicas: () => 2, maxBatchSize: 2 });
    void batcher.submit([row(1)]);
    void batcher.submit([row(2)]);
    void batcher.submit([row(3)]);
    void batcher.submit([row(4)]);
    expect(calls.map((c) => firstIds(c.rows))).toEqual([[1], [2]]);
    expect(batcher.running).toBe(2);
    calls[0]?.finish();
    await flush();
    expect(firstIds(calls[2]?.rows ?? [])).toEqual([3, 4]);
  });

  it('never mixes requests in a batch when coalescing is off', async () => {
    const { batcher, calls } = harness({ coalesce: false });
    void batcher.submit([row(1)]);
    void batcher.submit([row(2)]);
    void batcher.submit([row(3)]);
    calls[0]?.finish();
    await flush();
    calls[1]?.finish();
    await flush();
    expect(calls.map((c) => firstIds(c.rows))).toEqual([[1], [2], [3]]);
  });

  it("cuts a large request into batches of similar lengths and answers in the caller's order", async () => {
    const { batcher, calls } = harness({ maxBatchSize: 2 });
    const lengths = [3, 40, 5, 38];
    const done = batcher.submit(lengths.map((length, i) => row(i + 1, length)));
    calls[0]?.finish();
    await flush();
    calls[1]?.finish();
    expect(calls.map((c) => firstIds(c.rows))).toEqual([
      [2, 4],
      [3, 1],
    ]);
    expect((await done).vectors.map((v) => v[0])).toEqual([1, 2, 3, 4]);
  });

  it('cuts waiting requests by length when the padding saved outweighs another call', async () => {
    const { batcher, calls, reports } = harness({ maxBatchSize: 32, batchOverheadTokens: 8 });
    void batcher.submit([row(0)]);
    const requests = [40, 6, 6, 6, 40].map((length, i) => batcher.submit([row(i + 1, length)]));
    calls[0]?.finish();
    await flush();
    // One batch: 8 + 5 x 40 = 208 padded tokens; cut: (8 + 2 x 40) + (8 + 3 x 6) = 114. The batch
    // holding the oldest request goes first.
    expect(firstIds(calls[1]?.rows ?? [])).toEqual([1, 5]);
    calls[1]?.finish();
    await flush();
    expect(firstIds(calls[2]?.rows ?? [])).toEqual([2, 3, 4]);
    calls[2]?.finish();
    expect(await Promise.all(requests.map(async (r) => (await r).vectors[0]?.[0]))).toEqual([1, 2, 3, 4, 5]);
    expect(reports.map((r) => r.paddedTokens)).toEqual([4, 80, 18]);
  });

  it("may take a request's shorter rows before its longer ones and still answers in its order", async () => {
    const { batcher, calls } = harness({ maxBatchSize: 32, batchOverheadTokens: 4 });
    void batcher.submit([row(0)]);
    const oldest = batcher.submit([row(1, 10)]);
    const mixed = batcher.submit([row(2, 40), row(3, 10)]);
    calls[0]?.finish();
    await flush();
    // Sorted: 40 (mixed), 10 (oldest), 10 (mixed); the cheapest cut is [40] [10, 10], and the batch
    // holding the oldest request's row goes first, taking the mixed request's second row with it.
    expect(firstIds(calls[1]?.rows ?? [])).toEqual([1, 3]);
    calls[1]?.finish();
    await flush();
    expect((await oldest).vectors.map((v) => v[0])).toEqual([1]);
    expect(batcher.queueDepth).toBe(0);
    expect(firstIds(calls[2]?.rows ?? [])).toEqual([2]);
    calls[2]?.finish();
    expect((await mixed).vectors.map((v) => v[0])).toEqual([2, 3]);
  });

  it('splits by maxBatchSize and returns each request its own rows in order', async () => {
    const { batcher, calls, reports } = harness({ maxBatchSize: 2 });
    const big = batcher.submit([row(1), row(2), row(3)]);
    const small = batcher.submit([row(4)]);
    calls[0]?.finish();
    await flush();
    calls[1]?.finish();
    expect(firstIds(calls[0]?.rows ?? [])).toEqual([1, 2]);
    expect(firstIds(calls[1]?.rows ?? [])).toEqual([3, 4]);
    expect((await big).vectors.map((v) => v[0])).toEqual([1, 2, 3]);
    expect((await small).vectors.map((v) => v[0])).toEqual([4]);
    expect(reports.map((r) => r.rows)).toEqual([2, 2]);
  });

  it('bounds a batch by padded tokens (longest x rows)', async () => {
    const { batcher, calls, reports } = harness({ maxBatchTokens: 100 });
    void batcher.submit([row(1, 10)]);
    void batcher.submit([row(2, 30), row(3, 30), row(4, 30)]);
    calls[0]?.finish();
    await flush();
    expect(firstIds(calls[1]?.rows ?? [])).toEqual([2, 3, 4]); // 3 x 30 = 90 fits
    calls[1]?.finish();
    void batcher.submit([row(5, 60), row(6, 60)]);
    await flush();
    expect(firstIds(calls[2]?.rows ?? [])).toEqual([5]); // 2 x 60 = 120 does not
    expect(reports[1]?.paddedTokens).toBe(90);
  });

  it('drops an aborted request before inference and rejects it with the abort reason', async () => {
    const { batcher, calls } = harness();
    void batcher.submit([row(1)]);
    const controller = new AbortController();
    const dropped = batcher.submit([row(2), row(3)], controller.signal);
    const kept = batcher.submit([row(4)]);
    expect(batcher.queueDepth).toBe(3);
    controller.abort(new AkidbError('CANCELLED', 'client went away'));
    await expect(dropped).rejects.toSatisfy((e: unknown) => isAkidbError(e, 'CANCELLED'));
    expect(batcher.queueDepth).toBe(1);
    calls[0]?.finish();
    await flush();
    expect(firstIds(calls[1]?.rows ?? [])).toEqual([4]);
    calls[1]?.finish();
    expect((await kept).vectors.map((v) => v[0])).toEqual([4]);
    expect(calls).toHaveLength(2);
  });

  it('rejects a request whose signal is already aborted without queueing it', async () => {
    const { batcher, calls } = harness();
    const controller = new AbortController();
    controller.abort(new AkidbError('TIMEOUT', 'too slow'));
    await expect(batcher.submit([row(1)], controller.signal)).rejects.toSatisfy((e: unknown) =>
      isAkidbError(e, 'TIMEOUT'),
    );
    expect(calls).toHaveLength(0);
  });

  it('answers OVERLOADED with a retry hint when the queue is full, but accepts into an empty queue', async () => {
    const { batcher, calls } = harness({ maxQueueTexts: 3 });
    void batcher.submit([row(1)]); // dispatched: the queue stays empty
    void batcher.submit([row(2), row(3), row(4), row(5)]); // empty queue: accepted although > 3
    const thrown = await batcher.submit([row(6)]).catch((error: unknown) => error);
    expect(isAkidbError(thrown, 'OVERLOADED')).toBe(true);
    expect((thrown as AkidbError).details?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(() => batcher.assertCapacity(1)).toThrow(AkidbError);
    expect(calls).toHaveLength(1);
  });

  it('isolates a failed shared batch: only the request that fails alone fails, then goes on', async () => {
    const { batcher, calls, reports } = harness({ maxBatchSize: 2 });
    void batcher.submit([row(0)]);
    const a = batcher.submit([row(1)]);
    const b = batcher.submit([row(2), row(3), row(4)]);
    const c = batcher.submit([row(5)]);
    calls[0]?.finish();
    await flush();
    calls[1]?.fail(new AkidbError('INFERENCE_FAILED', 'boom')); // carries rows 1 (a) and 2 (b)
    await flush();
    expect(firstIds(calls[2]?.rows ?? [])).toEqual([1]); // a retried alone
    calls[2]?.finish();
    expect((await a).vectors.map((v) => v[0])).toEqual([1]);
    await flush();
    expect(firstIds(calls[3]?.rows ?? [])).toEqual([2]); // b's slice retried alone
    calls[3]?.fail(new AkidbError('INFERENCE_FAILED', 'boom again'));
    await expect(b).rejects.toSatisfy((e: unknown) => isAkidbError(e, 'INFERENCE_FAILED'));
    await flush();
    expect(firstIds(calls[4]?.rows ?? [])).toEqual([5]); // b's other rows left the queue
    calls[4]?.finish();
    expect((await c).vectors.map((v) => v[0])).toEqual([5]);
    expect(reports.map((r) => r.ok)).toEqual([true, false, true]);
  });

  it('reports queue and inference time from its clock', async () => {
    let now = 0;
    const { batcher, calls } = harness({ now: () => now });
    void batcher.submit([row(1)]);
    const queued = batcher.submit([row(2)]);
    now = 50;
    calls[0]?.finish();
    await flush();
    now = 80;
    calls[1]?.finish();
    const outcome = await queued;
    expect(outcome.inferenceMs).toBe(30);
    expect(outcome.queueMs).toBe(50);
  });

  it('gives every request exactly its own vectors under any interleaving (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 9 }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 100 }),
        async (requests, maxBatchSize, maxBatchTokens, batchOverheadTokens) => {
          const { batcher, calls, reports } = harness({
            maxBatchSize,
            maxBatchTokens,
            batchOverheadTokens,
            maxQueueTexts: 10_000,
          });
          let nextId = 1;
          const submitted = requests.map((lengths) => {
            const rows = lengths.map((length) => row(nextId++, length));
            return { rows, promise: batcher.submit(rows) };
          });
          for (let done = 0; done < calls.length; done++) {
            calls[done]?.finish();
            await flush();
          }
          for (const { rows, promise } of submitted) {
            expect((await promise).vectors.map((v) => v[0])).toEqual(firstIds(rows));
          }
          for (const report of reports) {
            expect(report.rows).toBeLessThanOrEqual(maxBatchSize);
            if (report.rows > 1) expect(report.paddedTokens).toBeLessThanOrEqual(maxBatchTokens);
          }
          expect(batcher.queueDepth).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
