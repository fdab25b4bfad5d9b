/**
 * GPU bench entry (bundled by tools/gpu/pack.sh into .gpu/app/gpuBench.mjs, run by tools/gpu/run.sh).
 * Reads the variants and reference written by `python3 -m akidb_gpu build`, measures the provider,
 * bare ORT, node placement and an ORT profile, and writes gpu-report.json and gpu-report.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { TokenThroughput } from './bareOrtRun.js';
import { runBareTokens, runProfile } from './bareOrtRun.js';
import type { CoresResult } from './coresPlan.js';
import { coresScaling } from './coresPlan.js';
import { CORES_CHILD_FLAG, coresChild, runCores } from './coresRun.js';
import type { GpuBenchArgs } from './gpuArgs.js';
import { parseGpuArgs } from './gpuArgs.js';
import type { Anchor, GpuReport } from './gpuReport.js';
import { renderGpuMarkdown } from './gpuReport.js';
import { PLACEMENT_CHILD_FLAG, placementChild, runPlacement } from './placementRun.js';
import type { ProviderRun } from './providerRun.js';
import { runProvider } from './providerRun.js';
import { readReference } from './reference.js';

async function readJson<T>(path: string): Promise<T | null> {
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as T) : null;
}

const log = (message: string): void => {
  process.stderr.write(`[gpu-bench +${(performance.now() / 1000).toFixed(1)}s] ${message}\n`);
};

/**
 * Runs every measurement; `save` gets the report so far after each one, so a run cut short by its
 * time limit still leaves what it measured.
 */
async function bench(args: GpuBenchArgs, save: (report: GpuReport) => Promise<void>): Promise<GpuReport> {
  const reference = await readReference(args.work);
  const modelDir = (variant: string): string => join(args.work, 'variants', variant);
  const report = {
    dryRun: args.dryRun,
    machine: {
      platform: `${platform()} ${release()}`,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      node: process.version,
      onnxruntime: ort.env.versions.common ?? 'unknown',
      backends: ort
        .listSupportedBackends()
        .map((b) => `${b.name}${b.bundled ? '' : ' (needs libraries)'}`)
        .join(', '),
      texts: reference.texts.length,
      threads: args.threads,
    },
    build: await readJson<Record<string, unknown>>(join(args.work, 'build.json')),
    anchor: await readJson<Anchor>(join(args.work, 'anchor.json')),
    providerRuns: [] as ProviderRun[],
    bareTokens: [] as TokenThroughput[],
    placements: [] as GpuReport['placements'][number][],
    profiles: [] as GpuReport['profiles'][number][],
    cores: [] as CoresResult[],
    coresScaling: undefined as GpuReport['coresScaling'],
    errors: [] as string[],
  };
  const step = async <T>(what: string, task: () => Promise<T>): Promise<T | undefined> => {
    log(what);
    try {
      return await task();
    } catch (error) {
      report.errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      await save(report);
    }
  };
  // First, and on the CPU alone: the replicas x threads check needs no GPU (issue #10).
  const coresVariant = args.cpuVariants[0] ?? 'hf-fp32';
  if (args.cores.length > 0 && existsSync(modelDir(coresVariant))) {
    const cores = await step(`cores: ${coresVariant} as replicas x threads`, () =>
      runCores(
        {
          modelDir: modelDir(coresVariant),
          work: args.work,
          warmupSeconds: Math.max(1, args.coresSeconds / 2),
          seconds: args.coresSeconds,
        },
        args.cores,
      ),
    );
    report.cores = cores ?? [];
    report.coresScaling = coresScaling(report.cores);
    await save(report);
  } else if (args.cores.length > 0) {
    report.errors.push(`cores: variant ${coresVariant} not built`);
  }
  if (args.coresOnly) return report;
  const plan = [
    ...args.eps.flatMap((ep) => args.variants.map((variant) => ({ variant, ep }))),
    ...args.cpuVariants.map((variant) => ({ variant, ep: 'cpu' })),
  ];
  const usable = new Set<string>(['cpu']);
  for (const { variant, ep } of plan) {
    if (!existsSync(modelDir(variant))) {
      report.errors.push(`variant ${variant}: not built`);
      continue;
    }
    const run = await step(`provider ${variant} on ${ep}`, () =>
      runProvider({ ...args, modelDir: modelDir(variant), variant, ep }, reference),
    );
    if (run) report.providerRuns.push(run);
    if (run?.executionProvider) usable.add(ep);
  }
  for (const ep of [...args.eps.filter((ep) => usable.has(ep)), 'cpu']) {
    const variants = ep === 'cpu' ? args.cpuVariants : args.variants;
    for (const variant of variants) {
      const model = join(modelDir(variant), 'model.onnx');
      if (!existsSync(model)) continue;
      const tokens = await step(`bare ORT ${variant} on ${ep}`, () =>
        runBareTokens(model, variant, ep, args.threads, args.rows, Math.max(3, args.reps * 3)),
      );
      if (tokens) report.bareTokens.push(...tokens);
      // On the CPU only a dry run looks at placement and profile (once), to exercise those paths.
      if (ep === 'cpu' && !(args.dryRun && variant === variants[0])) continue;
      const placement = await step(`placement ${variant} on ${ep}`, () => runPlacement(model, ep));
      if (placement) report.placements.push({ variant, ep, ...placement });
      const summary = await step(`profile ${variant} on ${ep}`, () =>
        runProfile(model, ep, args.threads, join(args.work, `profile-${variant}-${ep}`), args.profileRows),
      );
      if (summary) report.profiles.push({ variant, ep, summary });
    }
  }
  return report;
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === CORES_CHILD_FLAG) {
    await coresChild(argv[1] as string);
    return;
  }
  if (argv[0] === PLACEMENT_CHILD_FLAG) {
    await placementChild(argv[1] as string, argv[2] as string);
    return;
  }
  const args = parseGpuArgs(argv);
  await mkdir(args.out, { recursive: true });
  const save = async (report: GpuReport): Promise<void> => {
    await writeFile(join(args.out, 'gpu-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(args.out, 'gpu-report.md'), renderGpuMarkdown(report));
  };
  const report = await bench(args, save);
  await save(report);
  log(`wrote ${join(args.out, 'gpu-report.md')}`);
  process.stdout.write(renderGpuMarkdown(report));
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
