import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LoadShape, ServerContenderId } from '../report/serverReportTypes.js';

/** Everything `bench:server` is configured with. */
export interface ServerBenchOptions {
  quick: boolean;
  model: string;
  contenders: Exclude<ServerContenderId, 'url'>[];
  shapes: LoadShape[];
  rounds: number;
  durationS: number;
  warmupS: number;
  threads: number;
  serverArgs: string[];
  inProcess: boolean;
  inProcessConcurrency: number | null;
  /** STS-B TSV; `null` = `$AKIDB_HOME/data/stsb/test.tsv`. */
  textsFile: string | null;
  url: string | null;
  timeoutMs: number;
  outDir: string;
  help: boolean;
}

const BENCH_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONTENDER_NAMES: Readonly<Record<string, Exclude<ServerContenderId, 'url'>>> = {
  ours: 'oursBatching',
  'ours-off': 'oursNoBatching',
  'infinity-torch': 'infinityTorch',
  'infinity-onnx': 'infinityOnnx',
};
/** The levels: single-text clients at 1, 8, 32, 64, and 4 clients × 32 texts. */
export const DEFAULT_SHAPES: string = '1x1,8x1,32x1,64x1,4x32';
const QUICK_SHAPES = '1x1,8x1,4x32';

/** `bench:server --help`. */
export const SERVER_USAGE: string = `pnpm bench:server [options]

Servers side by side under one load generator (its own process), rounds interleaved:
AkiDB's server with dynamic batching on and off, Infinity (torch and ONNX engines, when
\`pnpm bench:peers:prepare\` has run), and AkiDB in-process as the yardstick.

  --quick                 smoke run: 1 round, levels 1x1,8x1,4x32, 0.5 s warm-up + 1 s each
  --model ID              model (default all-minilm-l6-v2; Infinity serves only this one)
  --contenders a,b        ours, ours-off, infinity-torch, infinity-onnx (default all four)
  --shapes CxT,...        clients x texts per request (default ${DEFAULT_SHAPES})
  --rounds N              rounds, order reversed every other round (default 2)
  --duration S            measured seconds per level (default 10)
  --warmup S              load before each level's window opens, seconds (default 2)
  --threads N             cores every contender may use (default: CPU count): AkiDB's server gets
                          --cores N, Infinity N intra-op threads
  --server-arg=FLAG       extra flag for AkiDB's server, repeatable (e.g. --server-arg=--replicas=2)
  --inproc-concurrency N  batch-32 calls in flight in-process (default: the service's replica
                          count when it reports one, else 1)
  --no-in-process         skip the in-process yardstick
  --texts FILE            STS-B TSV (default $AKIDB_HOME/data/stsb/test.tsv; the generated corpus
                          when it is missing, and the report says so)
  --url URL               drive this server alone (no server CPU: the bench has no pid)
  --timeout S             per-request timeout (default 30)
  --out DIR               output directory (default apps/bench/results/server-<timestamp>)
`;

/**
 * Parses `bench:server`'s command line. Throws an Error with a readable message on bad input.
 *
 * @example
 * const options = parseServerBenchArgs(['--quick', '--contenders', 'ours,ours-off']);
 */
export function parseServerBenchArgs(argv: readonly string[], now: Date = new Date()): ServerBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      model: { type: 'string' },
      contenders: { type: 'string' },
      shapes: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      threads: { type: 'string' },
      'server-arg': { type: 'string', multiple: true },
      'inproc-concurrency': { type: 'string' },
      'no-in-process': { type: 'boolean', default: false },
      texts: { type: 'string' },
      url: { type: 'string' },
      timeout: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick === true;
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  return {
    quick,
    model: values.model ?? 'all-minilm-l6-v2',
    contenders: contenders(values.contenders),
    shapes: parseShapes(values.shapes ?? (quick ? QUICK_SHAPES : DEFAULT_SHAPES)),
    rounds: whole(values.rounds, quick ? 1 : 2, 'rounds'),
    durationS: positive(values.duration, quick ? 1 : 10, 'duration'),
    warmupS: positive(values.warmup, quick ? 0.5 : 2, 'warmup'),
    threads: whole(values.threads, availableParallelism(), 'threads'),
    serverArgs: values['server-arg'] ?? [],
    inProcess: values['no-in-process'] !== true,
    inProcessConcurrency:
      values['inproc-concurrency'] === undefined
        ? null
        : whole(values['inproc-concurrency'], 1, 'inproc-concurrency'),
    textsFile: values.texts ?? null,
    url: values.url ?? null,
    timeoutMs: positive(values.timeout, 30, 'timeout') * 1000,
    outDir: values.out ?? join(BENCH_ROOT, 'results', `server-${stamp}`),
    help: values.help === true,
  };
}

/**
 * Parses load shapes like `1x1,8x1,4x32` (clients x texts per request), keeping their order and
 * dropping repeats.
 *
 * @example
 * parseShapes('8x1,4x32'); // [{ clients: 8, textsPerRequest: 1 }, { clients: 4, textsPerRequest: 32 }]
 */
export function parseShapes(value: string): LoadShape[] {
  const shapes: LoadShape[] = [];
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^(\d+)\s*[x×]\s*(\d+)$/.exec(item);
    const clients = Number(match?.[1]);
    const textsPerRequest = Number(match?.[2]);
    if (!match || clients < 1 || textsPerRequest < 1)
      throw new Error(`--shapes: "${item}" is not CLIENTSxTEXTS with both at least 1 (e.g. 8x1)`);
    if (!shapes.some((s) => s.clients === clients && s.textsPerRequest === textsPerRequest))
      shapes.push({ clients, textsPerRequest });
  }
  if (shapes.length === 0) throw new Error('--shapes needs at least one level');
  return shapes;
}

function contenders(value: string | undefined): Exclude<ServerContenderId, 'url'>[] {
  if (value === undefined) return Object.values(CONTENDER_NAMES);
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new Error('--contenders needs at least one name');
  return [
    ...new Set(
      names.map((name) => {
        const id = CONTENDER_NAMES[name];
        if (!id)
          throw new Error(`--contenders: unknown "${name}" (${Object.keys(CONTENDER_NAMES).join(', ')})`);
        return id;
      }),
    ),
  ];
}

function whole(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a whole number >= 1`);
  return parsed;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!(Number.isFinite(parsed) && parsed > 0)) throw new Error(`--${name} must be a positive number`);
  return parsed;
}
