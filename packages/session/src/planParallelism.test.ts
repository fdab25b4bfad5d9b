import { describe, expect, it } from 'vitest';
import {
  MAX_REPLICAS,
  MEDIUM_MODEL_MAX_BYTES,
  MEDIUM_MODEL_THREADS,
  planParallelism,
  SMALL_MODEL_MAX_BYTES,
  SMALL_MODEL_THREADS,
} from './planParallelism.js';

const MB = 1024 ** 2;

describe('planParallelism', () => {
  it('runs a small model as replicas of one thread each on 16 cores', () => {
    const plan = planParallelism({ cores: 16, modelBytes: 90 * MB });
    expect(plan).toEqual({ replicas: 16 / SMALL_MODEL_THREADS, threads: SMALL_MODEL_THREADS });
    expect(plan.replicas).toBeGreaterThan(1);
  });

  it('runs a model above the medium threshold as one replica on every core', () => {
    expect(planParallelism({ cores: 16, modelBytes: 2 * 1024 * MB })).toEqual({ replicas: 1, threads: 16 });
    expect(planParallelism({ cores: 16, modelBytes: MEDIUM_MODEL_MAX_BYTES + 1 })).toEqual({
      replicas: 1,
      threads: 16,
    });
  });

  it('gives medium models replicas of more threads, switching exactly at the thresholds', () => {
    expect(planParallelism({ cores: 16, modelBytes: SMALL_MODEL_MAX_BYTES }).threads).toBe(
      SMALL_MODEL_THREADS,
    );
    expect(planParallelism({ cores: 16, modelBytes: SMALL_MODEL_MAX_BYTES + 1 })).toEqual({
      replicas: 16 / MEDIUM_MODEL_THREADS,
      threads: MEDIUM_MODEL_THREADS,
    });
    expect(planParallelism({ cores: 16, modelBytes: MEDIUM_MODEL_MAX_BYTES }).threads).toBe(
      MEDIUM_MODEL_THREADS,
    );
  });

  it('uses every core: few cores make one replica, a capped replica count gets more threads', () => {
    expect(planParallelism({ cores: 1, modelBytes: 90 * MB })).toEqual({ replicas: 1, threads: 1 });
    expect(planParallelism({ cores: 3, modelBytes: 90 * MB })).toEqual({ replicas: 3, threads: 1 });
    expect(planParallelism({ cores: 2, modelBytes: 90 * MB })).toEqual({ replicas: 2, threads: 1 });
    expect(planParallelism({ cores: 3, modelBytes: 500 * MB })).toEqual({ replicas: 1, threads: 3 });
    expect(planParallelism({ cores: 2, modelBytes: 500 * MB })).toEqual({ replicas: 1, threads: 2 });
    const many = planParallelism({ cores: 64, modelBytes: 90 * MB });
    expect(many).toEqual({ replicas: MAX_REPLICAS, threads: 64 / MAX_REPLICAS });
    expect(planParallelism({ cores: 16, modelBytes: 90 * MB })).toEqual({ replicas: 16, threads: 1 });
  });

  it('keeps explicit values and derives the other one from the cores', () => {
    expect(planParallelism({ cores: 16, modelBytes: 90 * MB, replicas: 3, threads: 7 })).toEqual({
      replicas: 3,
      threads: 7,
    });
    expect(planParallelism({ cores: 16, modelBytes: 90 * MB, replicas: 3 })).toEqual({
      replicas: 3,
      threads: 5,
    });
    expect(planParallelism({ cores: 2, modelBytes: 2 * 1024 * MB, replicas: 4 })).toEqual({
      replicas: 4,
      threads: 1,
    });
    expect(planParallelism({ cores: 16, modelBytes: 90 * MB, threads: 4 })).toEqual({
      replicas: 4,
      threads: 4,
    });
    expect(planParallelism({ cores: 16, modelBytes: 2 * 1024 * MB, threads: 8 })).toEqual({
      replicas: 1,
      threads: 8,
    });
  });

  it('rejects counts that are not whole numbers from 1 and negative sizes with INPUT_INVALID', () => {
    const invalid = expect.objectContaining({ code: 'INPUT_INVALID' });
    expect(() => planParallelism({ cores: 0, modelBytes: 1 })).toThrow(invalid);
    expect(() => planParallelism({ cores: 4, modelBytes: -1 })).toThrow(invalid);
    expect(() => planParallelism({ cores: 4, modelBytes: Number.NaN })).toThrow(invalid);
    expect(() => planParallelism({ cores: 4, modelBytes: 1, replicas: 1.5 })).toThrow(/replicas/);
    expect(() => planParallelism({ cores: 4, modelBytes: 1, threads: 0 })).toThrow(/threads/);
  });
});
