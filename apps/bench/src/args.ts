import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LengthClass } from './corpus/lengthPools.js';
import type { ContenderId } from './peers/contender.js';

/** Everything a bench run is configured with. */
export interface BenchOptions {
  quick: boolean;
  /** Model ids; empty = every installed model. */
  models: string[];
  batchSizes: number[];
  lengths: LengthClass[];
  intraOpNumThreads: number;
  interOpNumThreads: number;
  /** Where ours runs ONNX Runtime (`worker` thread or `main`); `null` = the provider's default. */
  oursRunIn: 'worker' | 'main' | null;
  warmup: number;
  minReps: number;
  maxReps: number;
  /** Time budget for the measured rounds of one comparison (one grid cell), in ms. */
  cellBudgetMs: number;
  peers: ContenderId[];
  footprint: boolean;
  server: boolean;
  /** Drive this server instead of starting one. */
  url: string | null;
  concurrency: number[];
  durationS: number;
  /** Add Infinity (torch and ONNX engines) to server mode. */
  serverPeers: boolean;
  outDir: string;
  /** Also write docs/performance.md and docs/assets/ from this run. */
  publishDocs: boolean;
  help: boolean;
}

const BENCH_ROOT = fileURLToPath(new URL('..', import.meta.url));
const LENGTHS: readonly LengthClass[] = ['short', 'medium', 'long'];
const PEER_NAMES: Readonly<Record<string, ContenderId>> = {
  ort: 'bareOrt',
  transformers: 'transformersJs',
  fastembed: 'fastembed',
};

export const USAGE = `pnpm bench [options]

  --quick                 smoke run (CI): one model, batch 1 and 8, short+medium, 64-sentence corpus,
                          footprint of ours only, server at 1 and 8 clients and 4x32 for 2 s each
  --models a,b            model ids (default: every installed model)
  --batch-sizes 1,2,...   default 1,2,4,8,16,32
  --lengths short,...     short (~10 tokens), medium (~60), long (~250); default all three
  --threads N             ONNX Runtime intra-op threads for every contender (default: CPU count)
  --inter-threads N       inter-op threads (default 1)
  --run-in worker|main    where AkiDB runs ONNX Runtime (default: the provider's default, a worker thread)
  --warmup N              warm-up rounds per comparison (default 1)
  --reps N                least measured rounds per comparison (default 5)
  --max-reps N            most measured rounds per comparison (default 200)
  --cell-time S           seconds of measured rounds per comparison, within the bounds (default 5;
                          the mixed corpus gets 3x)
  --peers ort,transformers,fastembed   peers to compare with (default all)
  --no-footprint          skip cold-load, cache-hit and peak-RSS probes (fresh processes)
  --no-server             skip server mode
  --url URL               drive this server instead of starting apps/server
  --server-peers          add Infinity (torch and ONNX engines) to server mode (pnpm bench:peers:prepare)
  --concurrency 1,8,...   single-text clients per level (default 1,8,32,64; 4 clients x 32 texts too)
  --duration S            seconds per concurrency level (default 10)
  --out DIR               output directory (default apps/bench/results/<timestamp>)
  --publish-docs          also write docs/performance.md and docs/assets/*.svg from this run
`;

/**
 * Parses the command line. Throws an Error with a readable message on bad input.
 *
 * @example
 * const options = parseBenchArgs(['--quick', '--out', '/tmp/bench']);
 */
export function parseBenchArgs(argv: readonly string[], now: Date = new Date()): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      models: { type: 'string' },
      'batch-sizes': { type: 'string' },
      lengths: { type: 'string' },
      threads: { type: 'string' },
      'inter-threads': { type: 'string' },
      'run-in': { type: 'string' },
      warmup: { type: 'string' },
      reps: { type: 'string' },
      'max-reps': { type: 'string' },
      'cell-time': { type: 'string' },
      peers: { type: 'string' },
      'no-footprint': { type: 'boolean', default: false },
      'no-server': { type: 'boolean', default: false },
      url: { type: 'string' },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      'server-peers': { type: 'boolean', default: false },
      out: { type: 'string' },
      'publish-docs': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick === true;
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  const options: BenchOptions = {
    quick,
    models: list(values.models, []),
    batchSizes: integers(values['batch-sizes'], quick ? [1, 8] : [1, 2, 4, 8, 16, 32], 'batch-sizes'),
    lengths: lengths(values.lengths, quick ? ['short', 'medium'] : [...LENGTHS]),
    intraOpNumThreads: integer(values.threads, availableParallelism(), 'threads'),
    interOpNumThreads: integer(values['inter-threads'], 1, 'inter-threads'),
    oursRunIn: runIn(values['run-in']),
    warmup: integer(values.warmup, 1, 'warmup', 0),
    minReps: integer(values.reps, quick ? 3 : 5, 'reps'),
    maxReps: integer(values['max-reps'], quick ? 5 : 200, 'max-reps'),
    cellBudgetMs: seconds(values['cell-time'], quick ? 0.5 : 5, 'cell-time') * 1000,
    peers: peers(values.peers),
    footprint: values['no-footprint'] !== true,
    server: values['no-server'] !== true,
    url: values.url ?? null,
    concurrency: integers(values.concurrency, quick ? [1, 8] : [1, 8, 32, 64], 'concurrency'),
    durationS: seconds(values.duration, quick ? 2 : 10, 'duration'),
    serverPeers: values['server-peers'] === true,
    outDir: values.out ?? join(BENCH_ROOT, 'results', stamp),
    publishDocs: values['publish-docs'] === true,
    help: values.help === true,
  };
  if (options.maxReps < options.minReps) throw new Error('--max-reps must be at least --reps');
  return options;
}

function list(value: string | undefined, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function integer(value: string | undefined, fallback: number, name: string, min = 1): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min)
    throw new Error(`--${name} must be a whole number >= ${min}`);
  return parsed;
}

function integers(value: string | undefined, fallback: number[], name: string): number[] {
  if (value === undefined) return fallback;
  const parsed = list(value, []).map((item) => integer(item, 0, name));
  if (parsed.length === 0) throw new Error(`--${name} needs at least one value`);
  return [...new Set(parsed)].sort((a, b) => a - b);
}

function seconds(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!(Number.isFinite(parsed) && parsed > 0))
    throw new Error(`--${name} must be a positive number of seconds`);
  return parsed;
}

function lengths(value: string | undefined, fallback: LengthClass[]): LengthClass[] {
  const names = list(value, fallback);
  for (const name of names) {
    if (!LENGTHS.includes(name as LengthClass)) throw new Error(`--lengths: unknown length "${name}"`);
  }
  return LENGTHS.filter((length) => names.includes(length));
}

function peers(value: string | undefined): ContenderId[] {
  const names = list(value, Object.keys(PEER_NAMES));
  return names.map((name) => {
    const id = PEER_NAMES[name];
    if (!id) throw new Error(`--peers: unknown peer "${name}" (ort, transformers, fastembed)`);
    return id;
  });
}

function runIn(value: string | undefined): 'worker' | 'main' | null {
  if (value === undefined) return null;
  if (value !== 'worker' && value !== 'main') throw new Error('--run-in must be worker or main');
  return value;
}
