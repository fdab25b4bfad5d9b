import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAkidbError } from '@akidb/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from './createSession.js';
import { createSessionPool } from './createSessionPool.js';
import type { ReplicaEvent, SessionPool } from './sessionPoolTypes.js';
import { maxAbsDiff, miniLmBatch, miniLmModelPath, recordingLogger, rejectionOf } from './testModels.js';
import type { EncoderOutput } from './types.js';

const ONE_THREAD = { intraOpNumThreads: 1 } as const;

/** Records a pool's replica events and resolves `until(predicate)` once one event matches. */
function eventLog() {
  const events: ReplicaEvent[] = [];
  const waiters: { test: (event: ReplicaEvent) => boolean; resolve: () => void }[] = [];
  return {
    events,
    onReplicaEvent: (event: ReplicaEvent) => {
      events.push(event);
      for (const waiter of waiters) if (waiter.test(event)) waiter.resolve();
    },
    until: (test: (event: ReplicaEvent) => boolean): Promise<void> =>
      events.some(test) ? Promise.resolve() : new Promise((resolve) => waiters.push({ test, resolve })),
  };
}

describe('a replica whose worker is terminated mid-run', () => {
  const inputs = Array.from({ length: 24 }, (_, i) => miniLmBatch(2, 16 + (i % 4) * 8, i + 1));
  const reference: EncoderOutput[] = [];

  beforeAll(async () => {
    const session = await createSession(miniLmModelPath(), ONE_THREAD);
    for (const input of inputs) reference.push(await session.runEncoder(input));
    await session.release();
  });

  it('loses no run, is restarted in the background, and then serves again', async () => {
    const log = eventLog();
    const logger = recordingLogger();
    const pool = await createSessionPool(miniLmModelPath(), {
      ...ONE_THREAD,
      replicas: 3,
      restartBackoffMs: 10,
      onReplicaEvent: log.onReplicaEvent,
      logger,
    });
    try {
      const runs = inputs.map((input) => pool.runEncoder(input));
      await Promise.race(runs);
      // Mid-run: replica 1 has accepted runs it has not answered yet.
      expect(pool.stats().perReplica[1]?.inFlight).toBeGreaterThan(1);
      expect(await pool.terminateReplica(1)).toBe(true);
      expect(pool.stats().perReplica[1]?.state).not.toBe('live');

      const outputs = await Promise.all(runs);
      outputs.forEach((output, i) => {
        expect(output.dims).toEqual(reference[i]?.dims);
        expect(maxAbsDiff(output.data, (reference[i] as EncoderOutput).data)).toBeLessThanOrEqual(1e-6);
      });
      expect(pool.stats().retried).toBeGreaterThan(0);
      expect(log.events[0]).toEqual({ type: 'lost', replica: 1, reason: 'the worker was terminated' });

      await log.until((event) => event.type === 'restarted');
      expect(pool.restarts).toBe(1);
      expect(pool.stats()).toMatchObject({ alive: 3, restarting: 0, restarts: 1, inFlight: 0 });
      expect(log.events.map((event) => event.type)).toEqual(['lost', 'restarted']);
      expect(logger.warnings).toContain(
        'Replica 1 of the model lost: the worker was terminated; restarting it.',
      );
      expect(logger.infos).toContain('Replica 1 of the model restarted (attempt 1).');

      const before = pool.stats().perReplica.map((replica) => replica.runs);
      const again = await Promise.all(inputs.slice(0, 6).map((input) => pool.runEncoder(input)));
      again.forEach((output, i) => {
        expect(maxAbsDiff(output.data, (reference[i] as EncoderOutput).data)).toBeLessThanOrEqual(1e-6);
      });
      const after = pool.stats().perReplica.map((replica) => replica.runs);
      expect(after.map((runs, index) => runs - (before[index] as number))).toEqual([2, 2, 2]);
    } finally {
      await pool.release();
    }
  });

  it('stops restarting it when the pool is released', async () => {
    const log = eventLog();
    const pool = await createSessionPool(miniLmModelPath(), {
      ...ONE_THREAD,
      replicas: 2,
      restartBackoffMs: 10,
      onReplicaEvent: log.onReplicaEvent,
    });
    const run = pool.runEncoder(inputs[0] as (typeof inputs)[0]);
    await pool.terminateReplica(0);
    await pool.release();
    expect(maxAbsDiff((await run).data, (reference[0] as EncoderOutput).data)).toBeLessThanOrEqual(1e-6);
    expect(pool.stats().perReplica.map((replica) => replica.state)).toEqual(['released', 'released']);
    expect(log.events.map((event) => event.type)).toEqual(['lost']);
  });
});

describe('a pool whose every replica dies and cannot be restarted', () => {
  let dir: string;
  let pool: SessionPool;
  const log = eventLog();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'akidb-pool-'));
    const model = join(dir, 'model.onnx');
    await copyFile(miniLmModelPath(), model);
    pool = await createSessionPool(model, {
      ...ONE_THREAD,
      replicas: 2,
      restartAttempts: 2,
      restartBackoffMs: 5,
      onReplicaEvent: log.onReplicaEvent,
    });
    // Restarts will fail: the model file is gone.
    await rm(model);
  });
  afterAll(async () => {
    await pool.release();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails the runs that no live replica could take with REPLICA_FAILED', async () => {
    const runs = Array.from({ length: 8 }, (_, i) =>
      pool.runEncoder(miniLmBatch(2, 32, i + 1)).then(
        (output) => output,
        (error: unknown) => error,
      ),
    );
    expect(await Promise.all([pool.terminateReplica(0), pool.terminateReplica(1)])).toEqual([true, true]);
    const settled = await Promise.all(runs);
    const failures = settled.filter((result) => result instanceof Error);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(isAkidbError(failure, 'REPLICA_FAILED')).toBe(true);
      expect((failure as Error).message).toContain('safe to retry');
    }
    for (const output of settled.filter((result) => !(result instanceof Error))) {
      expect((output as EncoderOutput).dims).toEqual([2, 32, 384]);
    }
  });

  it('gives up restarting after the attempts allowed, and fails later runs at once', async () => {
    const gaveUp = (replica: number) => (event: ReplicaEvent) =>
      event.type === 'restartFailed' && event.replica === replica && event.gaveUp;
    await Promise.all([log.until(gaveUp(0)), log.until(gaveUp(1))]);
    const failed = log.events.filter((event) => event.type === 'restartFailed');
    expect(failed).toHaveLength(4);
    for (const event of failed) expect(isAkidbError(event.error, 'MODEL_LOAD_FAILED')).toBe(true);
    expect(pool.stats()).toMatchObject({ alive: 0, restarting: 0, restarts: 0 });
    expect(pool.stats().perReplica.map((replica) => replica.state)).toEqual(['failed', 'failed']);
    const error = await rejectionOf(pool.runEncoder(miniLmBatch(1, 8)));
    expect(error.code).toBe('REPLICA_FAILED');
    expect(error.details).toEqual({ replicas: 2, alive: 0, restarting: 0 });
  });
});
