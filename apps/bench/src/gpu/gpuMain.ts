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
import { runBareTokens, runProfile } from './bareOrtRun.js';
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

async function bench(args: GpuBenchArgs): Promise<GpuReport> {
  const reference = await readReference(args.work);
  const modelDir = (variant: string): string => join(args.work, 'variants', variant);
  const errors: string[] = [];
  const guard = async <T>(what: string, task: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await task();
    } catch (error) {
      errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const plan = [
    ...args.eps.flatMap((ep) => args.variants.map((variant) => ({ variant, ep }))),
    ...args.cpuVariants.map((variant) => ({ variant, ep: 'cpu' })),
  ];
  const providerRuns: ProviderRun[] = [];
  const usable = new Set<string>(['cpu']);
  for (const { variant, ep } of plan) {
    if (!existsSync(modelDir(variant))) {
      errors.push(`variant ${variant}: not built`);
      continue;
    }
    log(`provider ${variant} on ${ep}`);
    const run = await guard(`provider ${variant} on ${ep}`, () =>
      runProvider({ ...args, modelDir: modelDir(variant), variant, ep }, reference),
    );
    if (run) providerRuns.push(run);
    if (run?.executionProvider) usable.add(ep);
  }
  const bareTokens = [];
  const placements = [];
  const profiles = [];
  for (const ep of [...args.eps.filter((ep) => usable.has(ep)), 'cpu']) {
    const variants = ep === 'cpu' ? args.cpuVariants : args.variants;
    for (const variant of variants) {
      const model = join(modelDir(variant), 'model.onnx');
      if (!existsSync(model)) continue;
      log(`bare ORT ${variant} on ${ep}`);
      const tokens = await guard(`bare ORT ${variant} on ${ep}`, () =>
        runBareTokens(model, variant, ep, args.threads, args.rows, Math.max(3, args.reps * 3)),
      );
      if (tokens) bareTokens.push(...tokens);
      // On the CPU only a dry run looks at placement and profile (once), to exercise those paths.
      if (ep === 'cpu' && !(args.dryRun && variant === variants[0])) continue;
      log(`placement and profile ${variant} on ${ep}`);
      placements.push({ variant, ep, ...(await runPlacement(model, ep)) });
      const summary = await guard(`profile ${variant} on ${ep}`, () =>
        runProfile(model, ep, args.threads, join(args.work, `profile-${variant}-${ep}`)),
      );
      if (summary) profiles.push({ variant, ep, summary });
    }
  }
  return {
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
    build: await readJson(join(args.work, 'build.json')),
    anchor: await readJson<Anchor>(join(args.work, 'anchor.json')),
    providerRuns,
    bareTokens,
    placements,
    profiles,
    errors,
  };
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === PLACEMENT_CHILD_FLAG) {
    await placementChild(argv[1] as string, argv[2] as string);
    return;
  }
  const args = parseGpuArgs(argv);
  const report = await bench(args);
  await mkdir(args.out, { recursive: true });
  await writeFile(join(args.out, 'gpu-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(args.out, 'gpu-report.md'), renderGpuMarkdown(report));
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
