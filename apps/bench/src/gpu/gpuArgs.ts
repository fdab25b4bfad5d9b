import { parseArgs } from 'node:util';
import { type CoresPlan, parseCoresPlans } from './coresPlan.js';

/** Settings of one GPU bench run (`gpuMain.ts`). */
export interface GpuBenchArgs {
  /** Folder written by `python3 -m akidb_gpu build` (variants/, reference.json, build.json, anchor.json). */
  readonly work: string;
  /** Where gpu-report.json and gpu-report.md go. */
  readonly out: string;
  /** Execution providers to measure the provider on, besides the CPU (e.g. webgpu, cuda). */
  readonly eps: readonly string[];
  /** Model variants (folders under work/variants) to run on `eps`. */
  readonly variants: readonly string[];
  /** Variants also run on the CPU provider (the CPU baseline). */
  readonly cpuVariants: readonly string[];
  /** ONNX Runtime intra-op threads. */
  readonly threads: number;
  /** Batch sizes for texts/s end to end. */
  readonly batches: readonly number[];
  /** Rows per batch for bare ORT tokens/s at 128 tokens. */
  readonly rows: readonly number[];
  /** Timed passes per measurement (best one kept). */
  readonly reps: number;
  /** Texts timed at batch 1 (the first ones of the list). */
  readonly batchOneTexts: number;
  /** Rows of the profiled batches (`[profileRows, 128]`, 5 runs). */
  readonly profileRows: number;
  /** A rehearsal on a machine without a GPU: the report says so, and holds no GPU figure. */
  readonly dryRun: boolean;
  /** Layouts of the cores check (CPU provider, first CPU variant); empty skips it. */
  readonly cores: readonly CoresPlan[];
  /** Measured seconds per cores layout (after half as many of warm-up). */
  readonly coresSeconds: number;
  /** Run the cores check alone. */
  readonly coresOnly: boolean;
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

const ints = (name: string, text: string): number[] =>
  list(text).map((part) => {
    const value = Number(part);
    if (!(Number.isInteger(value) && value > 0))
      throw new Error(`--${name}: "${part}" is not a positive integer`);
    return value;
  });

/** Parses the command line of the GPU bench (see tools/gpu/run.sh for the values it passes). */
export function parseGpuArgs(argv: readonly string[]): GpuBenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      work: { type: 'string' },
      out: { type: 'string' },
      eps: { type: 'string', default: 'webgpu,cuda' },
      variants: { type: 'string', default: 'hf-fp32,fused-fp32,fused-fp16,fused-fp16-pooled' },
      'cpu-variants': { type: 'string', default: 'hf-fp32' },
      threads: { type: 'string', default: '16' },
      batches: { type: 'string', default: '1,8,32,128,256' },
      rows: { type: 'string', default: '1,8,32,128,256' },
      reps: { type: 'string', default: '2' },
      'batch-one-texts': { type: 'string', default: '256' },
      'profile-rows': { type: 'string', default: '32' },
      'dry-run': { type: 'boolean', default: false },
      cores: { type: 'string', default: '2,16,16:1x16,16:8x2' },
      'cores-seconds': { type: 'string', default: '8' },
      'cores-only': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.work === undefined || values.out === undefined) {
    throw new Error('--work and --out are required');
  }
  const [threads] = ints('threads', values.threads);
  const [reps] = ints('reps', values.reps);
  const [batchOneTexts] = ints('batch-one-texts', values['batch-one-texts']);
  const [profileRows] = ints('profile-rows', values['profile-rows']);
  const [coresSeconds] = ints('cores-seconds', values['cores-seconds']);
  return {
    work: values.work,
    out: values.out,
    eps: list(values.eps),
    variants: list(values.variants),
    cpuVariants: list(values['cpu-variants']),
    threads: threads ?? 16,
    batches: ints('batches', values.batches),
    rows: ints('rows', values.rows),
    reps: reps ?? 2,
    batchOneTexts: batchOneTexts ?? 256,
    profileRows: profileRows ?? 32,
    dryRun: values['dry-run'] === true,
    cores: parseCoresPlans(values.cores),
    coresSeconds: coresSeconds ?? 8,
    coresOnly: values['cores-only'] === true,
  };
}
