import type { JsonSchema } from './jsonSchema.js';
import { arr, bool, int, nonNegative, nullable, num, obj, str } from './jsonSchemaBuilders.js';
import { SERVER_COMPARISON_SCHEMA } from './serverSchema.js';

// JSON Schema of report.json, mirroring reportTypes.ts. Written next to each report as
// report.schema.json; the quick test validates every quick run against it.

const contenderIds = ['ours', 'bareOrt', 'transformersJs', 'fastembed'];
const lengths = ['short', 'medium', 'long'];
const ratio = nullable(nonNegative);
const range: JsonSchema = { type: ['array', 'null'], items: nonNegative, minItems: 2 };

const contenderResult = obj({
  samples: { type: 'integer', minimum: 1 },
  meanMs: nonNegative,
  p50Ms: nonNegative,
  p95Ms: nonNegative,
  p99Ms: nonNegative,
  minMs: nonNegative,
  maxMs: nonNegative,
  textsPerSecond: nonNegative,
  tokensPerSecond: nonNegative,
});

const resultsBy = (keys: string[]): JsonSchema =>
  obj(Object.fromEntries(keys.map((key) => [key, contenderResult])), keys);

const gridCell = obj({
  length: { enum: lengths },
  batchSize: { type: 'integer', minimum: 1 },
  meanTokens: nonNegative,
  results: resultsBy(contenderIds),
  oursOverBareOrt: ratio,
  oursOverTransformersJs: ratio,
  oursOverBareOrtRange: range,
  oursOverTransformersJsRange: range,
});

const mixed = obj({
  texts: { type: 'integer', minimum: 1 },
  realTokens: int,
  naivePaddingFraction: { type: 'number', minimum: 0, maximum: 1 },
  sortedPaddingFraction: { type: 'number', minimum: 0, maximum: 1 },
  results: resultsBy(['ours', 'bareOrtNaive', 'bareOrtSorted', 'transformersJs', 'fastembed']),
  oursOverBareNaive: ratio,
  oursOverBareSorted: ratio,
  sortedOverNaive: ratio,
  oursOverTransformersJs: ratio,
  oursOverBareNaiveRange: range,
  oursOverTransformersJsRange: range,
});

const breakdown = obj({
  workload: str,
  wallMs: nonNegative,
  tokenizeMs: nonNegative,
  tensorMs: nonNegative,
  inferenceMs: nonNegative,
  poolingMs: nonNegative,
  otherMs: nonNegative,
  bareOrtMs: nonNegative,
});

const model = obj({
  id: str,
  modelFile: str,
  modelMB: nonNegative,
  dimension: { type: 'integer', minimum: 1 },
  quantization: str,
  checks: arr(
    obj({
      peer: { enum: contenderIds },
      status: { enum: ['match', 'mismatch', 'failed'] },
      minCosine: nullable(num),
      reason: nullable(str),
      loadMs: nullable(nonNegative),
    }),
  ),
  grid: arr(gridCell, 1),
  mixed,
  breakdown: arr(breakdown),
  footprints: arr(
    obj({
      contender: { enum: contenderIds },
      coldLoadMs: nonNegative,
      baselineRssMB: nonNegative,
      peakRssMB: nonNegative,
      reloadMs: nullable(nonNegative),
    }),
  ),
  cache: nullable(
    obj({ coldAcquireMs: nonNegative, hitMedianUs: nonNegative, hitP99Us: nonNegative, hits: int }),
  ),
});

/** Schema of the machine a run was taken on. */
export const MACHINE_SCHEMA: JsonSchema = obj({
  os: str,
  arch: str,
  cpuModel: str,
  cpus: { type: 'integer', minimum: 1 },
  totalMemoryMB: nonNegative,
  node: str,
  versions: { type: 'object', additionalProperties: str },
  loadAverageStart: nonNegative,
  loadAverageEnd: nonNegative,
});

/** The schema every `report.json` must satisfy. */
export const REPORT_SCHEMA: JsonSchema = obj({
  version: { type: 'integer', minimum: 1 },
  startedAt: str,
  finishedAt: str,
  durationS: nonNegative,
  command: str,
  machine: MACHINE_SCHEMA,
  settings: obj({
    quick: bool,
    models: arr(str, 1),
    batchSizes: arr({ type: 'integer', minimum: 1 }, 1),
    lengths: arr({ enum: lengths }, 1),
    threads: obj({
      intraOpNumThreads: { type: 'integer', minimum: 1 },
      interOpNumThreads: { type: 'integer', minimum: 1 },
    }),
    oursRunIn: nullable(str),
    warmup: int,
    minReps: { type: 'integer', minimum: 1 },
    maxReps: { type: 'integer', minimum: 1 },
    cellBudgetMs: nonNegative,
    peers: arr({ enum: contenderIds }),
    server: obj({
      enabled: bool,
      url: nullable(str),
      concurrency: arr({ type: 'integer', minimum: 1 }),
      durationS: nonNegative,
      peers: bool,
    }),
  }),
  corpus: obj({ file: str, sentences: { type: 'integer', minimum: 1 } }),
  models: arr(model, 1),
  server: nullable(SERVER_COMPARISON_SCHEMA),
  goals: arr(obj({ model: str, goal: str, target: num, value: nullable(num), met: nullable(bool) })),
  notes: arr(str),
});

/** Schema of `bench:server`'s report.json. */
export const SERVER_REPORT_SCHEMA: JsonSchema = obj({
  version: { type: 'integer', minimum: 1 },
  kind: { enum: ['server'] },
  startedAt: str,
  finishedAt: str,
  durationS: nonNegative,
  command: str,
  machine: MACHINE_SCHEMA,
  quick: bool,
  comparison: SERVER_COMPARISON_SCHEMA,
});
