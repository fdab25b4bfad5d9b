/** Options of `pnpm --filter @akidb/bench bench:qwen`. */
export interface QwenBenchOptions {
  /** Model id prefix; variants are `<prefix>`, `<prefix>-fp16`, `<prefix>-int8`. */
  model: string;
  variants: ('fp32' | 'fp16' | 'int8')[];
  batchSizes: number[];
  /** ONNX Runtime intra-op threads and torch threads (every contender the same). */
  threads: number;
  /** Time budget per measured cell (contender × variant × batch size), in seconds. */
  seconds: number;
  /** Fewest timed calls per cell, whatever the budget. */
  minCalls: number;
  /** Also time sentence-transformers on torch CPU (Python, the tools venv). */
  sentenceTransformers: boolean;
  /** Write the section into docs/performance.md. */
  writeDocs: boolean;
  outDir: string;
  help: boolean;
}

export const QWEN_USAGE = `Usage: pnpm --filter @akidb/bench bench:qwen [options]

Measures the Qwen3-Embedding-0.6B shape (random weights, built on demand) on CPU: texts/s and p50/p95
latency at each batch size on short texts, AkiDB's provider against bare ONNX Runtime on equal work and
against sentence-transformers on torch CPU with the same threads, RSS and cold-load time per variant.

Options:
  --quick              2 s per cell, batch sizes 1,8, fp32 only: checks that everything runs
  --variants <list>    fp32,fp16,int8 (default all three)
  --batch-sizes <list> default 1,8,32
  --threads <n>        intra-op / torch threads (default: the number of CPUs)
  --seconds <s>        time budget per cell (default 20)
  --min-calls <n>      fewest timed calls per cell (default 5)
  --no-st              skip sentence-transformers
  --write-docs         write the section into docs/performance.md
  --out <dir>          results directory (default apps/bench/results/qwen-<timestamp>)
  --model <prefix>     model id prefix (default qwen3-0.6b-random)
  -h, --help
`;

function list(value: string | undefined, name: string): string[] {
  if (!value) throw new Error(`${name} needs a value`);
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function positive(value: string | undefined, name: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`${name} must be a positive number, got ${value}`);
  return number;
}

/**
 * Parses the command line of the Qwen bench.
 *
 * @example
 * parseQwenArgs(['--quick']).batchSizes; // [1, 8]
 */
export function parseQwenArgs(
  argv: readonly string[],
  cpus: number,
  now: Date = new Date(),
): QwenBenchOptions {
  const options: QwenBenchOptions = {
    model: 'qwen3-0.6b-random',
    variants: ['fp32', 'fp16', 'int8'],
    batchSizes: [1, 8, 32],
    threads: cpus,
    seconds: 20,
    minCalls: 5,
    sentenceTransformers: true,
    writeDocs: false,
    outDir: `apps/bench/results/qwen-${now.toISOString().replace(/[:.]/g, '-')}`,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string | undefined => argv[++i];
    if (arg === '--quick')
      Object.assign(options, { seconds: 2, minCalls: 2, batchSizes: [1, 8], variants: ['fp32'] });
    else if (arg === '--variants') {
      const variants = list(next(), '--variants');
      const bad = variants.filter((v) => !['fp32', 'fp16', 'int8'].includes(v));
      if (bad.length > 0) throw new Error(`unknown variant(s) ${bad.join(', ')}; use fp32, fp16, int8`);
      options.variants = variants as QwenBenchOptions['variants'];
    } else if (arg === '--batch-sizes') {
      options.batchSizes = list(next(), '--batch-sizes').map((v) => positive(v, '--batch-sizes'));
    } else if (arg === '--threads') options.threads = positive(next(), '--threads');
    else if (arg === '--seconds') options.seconds = positive(next(), '--seconds');
    else if (arg === '--min-calls') options.minCalls = positive(next(), '--min-calls');
    else if (arg === '--no-st') options.sentenceTransformers = false;
    else if (arg === '--write-docs') options.writeDocs = true;
    else if (arg === '--out') options.outDir = next() ?? options.outDir;
    else if (arg === '--model') options.model = next() ?? options.model;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`unknown argument ${arg}\n${QWEN_USAGE}`);
  }
  return options;
}

/** The model id of a variant. */
export function variantId(prefix: string, variant: string): string {
  return variant === 'fp32' ? prefix : `${prefix}-${variant}`;
}
