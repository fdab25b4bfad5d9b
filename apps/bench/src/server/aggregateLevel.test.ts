import { describe, expect, it } from 'vitest';
import { aggregateLevel, latencyOf, shapeLabel } from './aggregateLevel.js';
import type { DriveResult } from './driveLoad.js';

function result(
  texts: number,
  windowS: number,
  latenciesMs: number[],
  server: number | null,
  mainThread: number | null = server === null ? null : server / 4,
): DriveResult {
  return {
    windowS,
    requests: latenciesMs.length + 1,
    ok: latenciesMs.length,
    texts,
    errors: 1,
    timeouts: 0,
    status429: 0,
    non2xx: 0,
    latenciesMs,
    cpu: { loadGeneratorS: 0.5, serverS: server, serverMainThreadS: mainThread },
    firstError: null,
  };
}

describe('aggregateLevel', () => {
  it('sums texts over all measured seconds and pools latencies across rounds', () => {
    const level = aggregateLevel({ clients: 2, textsPerRequest: 4 }, [
      { round: 0, result: result(400, 10, [1, 2, 3], 12) },
      { round: 1, result: result(200, 10, [4, 5], 8) },
    ]);
    expect(level.textsPerSecond).toBe(30);
    expect(level.rounds.map((r) => r.textsPerSecond)).toEqual([40, 20]);
    expect(level.latency?.p50Ms).toBe(3);
    expect(level.latency?.maxMs).toBe(5);
    expect(level.cpuSeconds).toEqual({ server: 10, serverMainThread: 2.5, loadGenerator: 0.5 });
    // 20 server CPU seconds over 600 texts (5 on its main thread); 1 load-generator second over 600 texts.
    expect(level.cpuMsPerText.server).toBeCloseTo(1000 / 30, 10);
    expect(level.cpuMsPerText.serverMainThread).toBeCloseTo(1000 / 120, 10);
    expect(level.cpuMsPerText.loadGenerator).toBeCloseTo(1000 / 600, 10);
    expect(level.failures).toBe(2);
  });

  it('has no server CPU when a round could not read it, and no latency without successes', () => {
    const level = aggregateLevel({ clients: 1, textsPerRequest: 1 }, [
      { round: 0, result: result(0, 10, [], 3) },
      { round: 1, result: result(0, 10, [], null) },
    ]);
    expect(level.cpuSeconds.server).toBeNull();
    expect(level.cpuMsPerText).toEqual({ server: null, serverMainThread: null, loadGenerator: null });
    expect(level.latency).toBeNull();
    expect(level.textsPerSecond).toBe(0);
  });
});

describe('latencyOf and shapeLabel', () => {
  it('interpolates percentiles and labels shapes', () => {
    expect(latencyOf([10, 20, 30, 40, 50])).toEqual({ p50Ms: 30, p95Ms: 48, p99Ms: 49.6, maxMs: 50 });
    expect(shapeLabel({ clients: 4, textsPerRequest: 32 })).toBe('4 × 32');
  });
});
