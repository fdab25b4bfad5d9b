import { describe, expect, it } from 'vitest';
import { assertFits, planEviction } from './evictionPlan.js';

const entry = (id: string, bytes: number, pinned = false) => ({ id, bytes, pinned });

describe('planEviction', () => {
  it('evicts nothing when the new model fits', () => {
    expect(planEviction({ maxModels: 3, maxBytes: 100 }, [entry('a', 10), entry('b', 10)], 'c', 80)).toEqual(
      [],
    );
  });

  it('picks least recently used unpinned models, with the limit that forced each', () => {
    const a = entry('a', 50);
    const pinned = entry('p', 10, true);
    const b = entry('b', 10);
    const plan = planEviction({ maxModels: 2, maxBytes: 100 }, [pinned, a, b], 'c', 60);
    expect(plan).toEqual([
      { entry: a, reason: 'budget' },
      { entry: b, reason: 'lru' },
    ]);
  });
});

describe('assertFits', () => {
  it('throws MODEL_TOO_LARGE with required, budget and what pins leave available', () => {
    expect(() => assertFits({ maxModels: 4, maxBytes: 100 }, [entry('p', 30, true)], 'x', 80)).toThrow(
      expect.objectContaining({
        code: 'MODEL_TOO_LARGE',
        details: { model: 'x', required: 80, budget: 100, available: 70 },
      }),
    );
  });

  it('does not count a pinned model against itself', () => {
    expect(() => assertFits({ maxModels: 1, maxBytes: 100 }, [entry('p', 90, true)], 'p', 90)).not.toThrow();
  });
});
