import { describe, expect, it } from 'vitest';
import { batchAt, runFor, runWindow, YARDSTICK_BATCH, yardstickCalls } from './closedLoop.js';

describe('batchAt', () => {
  it('gives each call the next texts, wrapping around the list', () => {
    expect(batchAt(['a', 'b', 'c'], 2, 0)).toEqual(['a', 'b']);
    expect(batchAt(['a', 'b', 'c'], 2, 1)).toEqual(['c', 'a']);
    expect(batchAt(['a', 'b', 'c'], 1, 4)).toEqual(['b']);
  });
});

describe('runFor', () => {
  it('numbers calls across its loops and counts the finished ones', async () => {
    const seen: number[] = [];
    const done = await runFor(0.05, 3, async (i) => {
      seen.push(i);
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    expect(done).toBe(seen.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen.map((_, k) => k));
  });
});

describe('runWindow', () => {
  it('counts only the calls of the measured window, after the warm-up', async () => {
    let made = 0;
    const window = await runWindow(0.05, 0.05, 2, async () => {
      made++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    expect(window.calls).toBeGreaterThan(0);
    expect(window.calls).toBeLessThan(made);
    expect(window.seconds).toBeGreaterThanOrEqual(0.05);
  });
});

describe('the in-process yardstick', () => {
  it('runs batches of 32 with two calls in flight per replica', () => {
    expect(YARDSTICK_BATCH).toBe(32);
    expect(yardstickCalls(1)).toBe(2);
    expect(yardstickCalls(16)).toBe(32);
  });
});
