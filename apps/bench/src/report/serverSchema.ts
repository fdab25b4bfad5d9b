import type { JsonSchema } from './jsonSchema.js';
import { arr, bool, int, nonNegative, nullable, num, obj, str } from './jsonSchemaBuilders.js';

// JSON Schema of the server comparison (serverReportTypes.ts): the `server` field of report.json,
// and (in reportSchema.ts) of the whole report.json of `bench:server`.

const positiveInt: JsonSchema = { type: 'integer', minimum: 1 };

const latency = nullable(
  obj({ p50Ms: nonNegative, p95Ms: nonNegative, p99Ms: nonNegative, maxMs: nonNegative }),
);
const cpuSeconds = obj({
  server: nullable(nonNegative),
  serverMainThread: nullable(nonNegative),
  loadGenerator: nonNegative,
});

const levelRound = obj({
  round: int,
  windowS: nonNegative,
  requests: int,
  ok: int,
  texts: int,
  errors: int,
  timeouts: int,
  status429: int,
  non2xx: int,
  textsPerSecond: nonNegative,
  latency,
  cpuSeconds,
  firstError: nullable(str),
});

const level = obj({
  clients: positiveInt,
  textsPerRequest: positiveInt,
  textsPerSecond: nonNegative,
  latency,
  cpuSeconds,
  cpuMsPerText: obj({
    server: nullable(nonNegative),
    serverMainThread: nullable(nonNegative),
    loadGenerator: nullable(nonNegative),
  }),
  failures: int,
  rounds: arr(levelRound, 1),
});

const contenderIds = ['oursBatching', 'oursNoBatching', 'infinityTorch', 'infinityOnnx', 'url'];

const contender = obj({
  id: { enum: contenderIds },
  label: str,
  status: { enum: ['measured', 'skipped', 'failed', 'mismatch'] },
  reason: nullable(str),
  settings: arr(str),
  minCosine: nullable(num),
  startupS: arr(nonNegative),
  levels: arr(level),
});

const inProcess = nullable(
  obj({
    threads: positiveInt,
    concurrency: positiveInt,
    concurrencySource: str,
    batch1: obj({ p50Ms: nonNegative, p95Ms: nonNegative, textsPerSecond: nonNegative, samples: int }),
    batch32: obj({ textsPerSecond: nonNegative, calls: nonNegative }),
    singleText: obj({ callers: positiveInt, onTextsPerSecond: nonNegative, offTextsPerSecond: nonNegative }),
    rounds: arr(
      obj({
        round: int,
        batch1P50Ms: nonNegative,
        batch32TextsPerSecond: nonNegative,
        singleTextOnTextsPerSecond: nonNegative,
        singleTextOffTextsPerSecond: nonNegative,
      }),
      1,
    ),
  }),
);

const check = obj({
  id: str,
  check: str,
  comparison: { enum: ['>=', '<='] },
  target: num,
  value: nullable(num),
  perRound: arr(num),
  met: nullable(bool),
  missing: nullable(str),
});

/** Schema of a {@link ServerComparison}. */
export const SERVER_COMPARISON_SCHEMA: JsonSchema = obj({
  model: str,
  route: str,
  texts: obj({
    source: { enum: ['stsb', 'generated'] },
    file: str,
    sentences: positiveInt,
    meanChars: nonNegative,
  }),
  rounds: positiveInt,
  warmupS: nonNegative,
  durationS: nonNegative,
  shapes: arr(obj({ clients: positiveInt, textsPerRequest: positiveInt }), 1),
  threads: positiveInt,
  orders: arr(arr(str, 1), 1),
  loadGenerator: str,
  contenders: arr(contender, 1),
  inProcess,
  checks: arr(check),
  notes: arr(str),
});
