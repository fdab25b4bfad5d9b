import { describe, expect, it } from 'vitest';
import { interleave, repetitions, roundOrder } from './interleave.js';

describe('interleave', () => {
  it('runs three entrants in all six orders over six rounds', () => {
    const orders = Array.from({ length: 6 }, (_, round) => roundOrder(3, round).join(''));
    expect(new Set(orders).size).toBe(6);
  });

  it('lets every entrant follow every other one', () => {
    const followed = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const order = roundOrder(4, round);
      for (let k = 1; k < order.length; k++) followed.add(`${order[k - 1]}>${order[k]}`);
    }
    expect(followed.size).toBe(12);
  });

  it('fits the rounds to the budget within bounds', () => {
    const policy = { warmup: 1, minReps: 3, maxReps: 50, budgetMs: 1000 };
    expect(repetitions(policy, 100)).toBe(10);
    expect(repetitions(policy, 1)).toBe(50);
    expect(repetitions(policy, 5000)).toBe(3);
  });

  it('pairs sample i of every entrant with round i', async () => {
    const calls: string[] = [];
    const job = (id: string, ms: number) => async () => {
      calls.push(id);
      return ms;
    };
    const samples = await interleave(
      [
        { id: 'a', job: job('a', 1) },
        { id: 'b', job: job('b', 2) },
      ],
      { warmup: 1, minReps: 4, maxReps: 4, budgetMs: 0 },
    );
    expect(samples.get('a')).toEqual([1, 1, 1, 1]);
    expect(samples.get('b')).toEqual([2, 2, 2, 2]);
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
  });
});
