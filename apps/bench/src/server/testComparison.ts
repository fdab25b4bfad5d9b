import type {
  InProcessYardstick,
  LevelRound,
  ServerComparison,
  ServerContenderId,
  ServerContenderResult,
  ServerLevelResult,
} from '../report/serverReportTypes.js';
import { CONTENDER_NAMES } from './contenderNames.js';

// Hand-made comparisons for the tests of pure logic (checks, rendering, schema): numbers chosen so
// every ratio is easy to compute by hand.

/** A level with the given texts/s per round (10 s windows, p50 = `p50Ms`). */
export function testLevel(
  clients: number,
  textsPerRequest: number,
  perRound: readonly number[],
  p50Ms = 10,
): ServerLevelResult {
  const rounds: LevelRound[] = perRound.map((textsPerSecond, round) => ({
    round,
    windowS: 10,
    requests: Math.round((textsPerSecond * 10) / textsPerRequest),
    ok: Math.round((textsPerSecond * 10) / textsPerRequest),
    texts: textsPerSecond * 10,
    errors: 0,
    timeouts: 0,
    status429: 0,
    non2xx: 0,
    textsPerSecond,
    latency: { p50Ms, p95Ms: p50Ms * 2, p99Ms: p50Ms * 3, maxMs: p50Ms * 4 },
    cpuSeconds: { server: 15, serverMainThread: 3, loadGenerator: 1 },
    firstError: null,
  }));
  const mean = perRound.reduce((a, b) => a + b, 0) / perRound.length;
  return {
    clients,
    textsPerRequest,
    textsPerSecond: mean,
    latency: { p50Ms, p95Ms: p50Ms * 2, p99Ms: p50Ms * 3, maxMs: p50Ms * 4 },
    cpuSeconds: { server: 15, serverMainThread: 3, loadGenerator: 1 },
    cpuMsPerText: { server: 1500 / mean, serverMainThread: 300 / mean, loadGenerator: 100 / mean },
    failures: 0,
    rounds,
  };
}

/** A measured contender with these levels. */
export function testContender(id: ServerContenderId, levels: ServerLevelResult[]): ServerContenderResult {
  return {
    id,
    label: CONTENDER_NAMES[id],
    status: 'measured',
    reason: null,
    settings: ['threads 2'],
    minCosine: 0.999999,
    startupS: [3, 3],
    levels,
  };
}

/** An in-process yardstick: batch-1 p50 and batch-32 texts/s per round. */
export function testInProcess(
  batch1P50Ms: readonly number[],
  batch32: readonly number[],
): InProcessYardstick {
  const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    threads: 2,
    concurrency: 1,
    concurrencySource: 'test',
    batch1: { p50Ms: mean(batch1P50Ms), p95Ms: mean(batch1P50Ms) * 2, textsPerSecond: 500, samples: 100 },
    batch32: { textsPerSecond: mean(batch32), calls: 100 },
    singleText: { callers: 32, onTextsPerSecond: 600, offTextsPerSecond: 400 },
    rounds: batch1P50Ms.map((p50, round) => ({
      round,
      batch1P50Ms: p50,
      batch32TextsPerSecond: batch32[round] as number,
      singleTextOnTextsPerSecond: round === 0 ? 620 : 580,
      singleTextOffTextsPerSecond: 400,
    })),
  };
}

/** The four contenders at the five levels, two rounds, and a yardstick. */
export function testComparison(): ServerComparison {
  const ours = testContender('oursBatching', [
    testLevel(1, 1, [400, 400], 2),
    testLevel(8, 1, [600, 600]),
    testLevel(32, 1, [700, 700]),
    testLevel(64, 1, [690, 710]),
    testLevel(4, 32, [720, 720]),
  ]);
  const off = testContender('oursNoBatching', [
    testLevel(1, 1, [400, 400], 2),
    testLevel(8, 1, [350, 350]),
    testLevel(32, 1, [350, 350]),
    testLevel(64, 1, [340, 340]),
    testLevel(4, 32, [700, 700]),
  ]);
  const torch = testContender('infinityTorch', [
    testLevel(1, 1, [60, 60]),
    testLevel(8, 1, [110, 110]),
    testLevel(32, 1, [190, 190]),
    testLevel(64, 1, [190, 190]),
    testLevel(4, 32, [220, 220]),
  ]);
  const onnx = testContender('infinityOnnx', [
    testLevel(1, 1, [200, 200]),
    testLevel(8, 1, [400, 400]),
    testLevel(32, 1, [400, 400]),
    testLevel(64, 1, [500, 500]),
    testLevel(4, 32, [450, 450]),
  ]);
  return {
    model: 'all-minilm-l6-v2',
    route: 'POST /v1/embeddings',
    texts: { source: 'stsb', file: '/data/stsb/test.tsv', sentences: 2552, meanChars: 55 },
    rounds: 2,
    warmupS: 2,
    durationS: 10,
    shapes: ours.levels.map(({ clients, textsPerRequest }) => ({ clients, textsPerRequest })),
    threads: 2,
    orders: [
      ['oursBatching', 'oursNoBatching', 'infinityTorch', 'infinityOnnx', 'inProcess'],
      ['inProcess', 'infinityOnnx', 'infinityTorch', 'oursNoBatching', 'oursBatching'],
    ],
    loadGenerator: 'undici',
    contenders: [ours, off, torch, onnx],
    inProcess: testInProcess([1.6, 1.6], [800, 800]),
    checks: [],
    notes: [],
  };
}
