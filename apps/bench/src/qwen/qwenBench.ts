import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelDirectory, resolveAkidbHome } from '@akidb/core';
import { forkRpc } from '../measure/childRpc.js';
import { parseQwenArgs, QWEN_USAGE, type QwenBenchOptions, variantId } from './qwenArgs.js';
import { renderQwenSection, spliceSection } from './qwenSection.js';
import type { CellResult, LoadResult, QwenReport, StResult, VariantReport } from './qwenTypes.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const FIXTURES = join(REPO, 'tools', 'models', 'fixtures');
/** Texts of more tokens than this are left out: the bench is about short texts. */
const SHORT_TOKENS = 48;

function log(message: string): void {
  process.stderr.write(`[bench:qwen] ${message}\n`);
}

function run(command: string, args: string[], capture = false): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: REPO,
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done(out) : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** Prepares the variants that are not installed (on-demand models: `prepare.mjs --only`). */
async function ensureModels(ids: string[], home: string): Promise<void> {
  const missing = ids.filter((id) => !existsSync(join(modelDirectory(id, home), 'manifest.json')));
  if (missing.length === 0) return;
  log(`preparing ${missing.join(', ')} (the 0.6B shape takes tens of minutes and ~10 GB of memory once)`);
  await run(process.execPath, [join(REPO, 'tools/models/prepare.mjs'), '--only', missing.join(',')]);
}

/** The short mixed-language texts and their mean token count (from the tiny Qwen3 fixture). */
async function shortTexts(): Promise<{ texts: string[]; meanTokens: number }> {
  const { sentences } = JSON.parse(await readFile(join(FIXTURES, 'multilingual-sentences.json'), 'utf8')) as {
    sentences: string[];
  };
  const { tokenCounts } = JSON.parse(await readFile(join(FIXTURES, 'qwen3-embedding-tiny.json'), 'utf8')) as {
    tokenCounts: number[];
  };
  const keep = sentences.map((_, i) => i).filter((i) => (tokenCounts[i] as number) <= SHORT_TOKENS);
  const mean = keep.reduce((sum, i) => sum + (tokenCounts[i] as number), 0) / keep.length;
  return { texts: keep.map((i) => sentences[i] as string), meanTokens: mean };
}

/** `hidden_size` of a Hugging Face folder's config.json, or null when it has none. */
async function hiddenSize(folder: string): Promise<number | null> {
  try {
    return (JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as { hidden_size: number })
      .hidden_size;
  } catch {
    return null;
  }
}

async function modelBytes(dir: string): Promise<number> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    files: { path: string; role: string }[];
  };
  let total = 0;
  for (const file of manifest.files.filter((f) => f.role === 'model' || f.role === 'model-data')) {
    total += (await stat(join(dir, file.path))).size;
  }
  return total;
}

async function measureVariant(
  options: QwenBenchOptions,
  variant: string,
  home: string,
  texts: string[],
): Promise<VariantReport> {
  const id = variantId(options.model, variant);
  const dir = modelDirectory(id, home);
  const child = forkRpc(new URL('./qwenChild.ts', import.meta.url));
  try {
    log(`${id}: cold load in a fresh process`);
    const load = await child.call<LoadResult>('load', {
      modelDir: dir,
      threads: options.threads,
      warmTexts: texts.slice(0, Math.max(...options.batchSizes)),
    });
    log(`${id}: loaded in ${(load.coldLoadMs / 1000).toFixed(2)} s, RSS ${load.loadedRssMB.toFixed(0)} MB`);
    const cells = await child.call<CellResult[]>('measure', {
      modelDir: dir,
      threads: options.threads,
      texts,
      batchSizes: options.batchSizes,
      seconds: options.seconds,
      minCalls: options.minCalls,
    });
    for (const cell of cells) {
      log(
        `${id} batch ${cell.batchSize}: ${cell.oursTextsPerSecond.toFixed(1)} texts/s ` +
          `(bare ORT ${cell.bareTextsPerSecond.toFixed(1)}, ratio ${cell.oursOverBare.toFixed(3)})`,
      );
    }
    await child.call('close');
    return { variant, id, modelBytes: await modelBytes(dir), load, cells };
  } finally {
    await child.close();
  }
}

/** sentence-transformers on the random-weight Hugging Face folder of the same seed (rebuilt when absent). */
async function measureSentenceTransformers(
  options: QwenBenchOptions,
  home: string,
  texts: string[],
  outDir: string,
): Promise<StResult> {
  const manifest = JSON.parse(
    await readFile(join(modelDirectory(options.model, home), 'manifest.json'), 'utf8'),
  ) as { dimension: number; source: { type: string; family?: string; shape?: string; seed?: number } };
  const { source } = manifest;
  if (source.type !== 'random') throw new Error(`${options.model} is not a random-weight model`);
  const python = join(home, 'venv', 'bin', 'python');
  const folder = join(home, 'sources', `random-${source.family}-${source.shape}-${source.seed}`);
  // A folder written before a shape changed (the tiny Qwen3 went from hidden 64 to 256) is written again.
  if (!existsSync(join(folder, 'model.safetensors')) || (await hiddenSize(folder)) !== manifest.dimension) {
    log(`writing the random-weight Hugging Face folder ${folder}`);
    await run(python, [
      'tools/models/make_random_model.py',
      '--family',
      String(source.family),
      '--shape',
      String(source.shape),
      '--seed',
      String(source.seed),
      folder,
    ]);
  }
  const textsFile = join(outDir, 'texts.json');
  await writeFile(textsFile, JSON.stringify(texts));
  log(`sentence-transformers (torch CPU, ${options.threads} threads)`);
  const out = await run(
    python,
    [
      'tools/models/bench_sentence_transformers.py',
      folder,
      textsFile,
      '--threads',
      String(options.threads),
      '--batch-sizes',
      options.batchSizes.join(','),
      '--seconds',
      String(options.seconds),
      '--min-calls',
      String(options.minCalls),
    ],
    true,
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string) as StResult;
}

async function main(argv: string[]): Promise<number> {
  const options = parseQwenArgs(argv, cpus().length);
  if (options.help) {
    process.stdout.write(QWEN_USAGE);
    return 0;
  }
  const started = new Date();
  const loadStart = loadavg()[0] as number;
  const home = resolveAkidbHome();
  const outDir = resolve(REPO, options.outDir);
  await mkdir(outDir, { recursive: true });
  await ensureModels(
    options.variants.map((v) => variantId(options.model, v)),
    home,
  );
  const { texts, meanTokens } = await shortTexts();
  const variants: VariantReport[] = [];
  for (const variant of options.variants) variants.push(await measureVariant(options, variant, home, texts));
  const notes: string[] = [];
  let st: StResult | null = null;
  if (options.sentenceTransformers) {
    try {
      st = await measureSentenceTransformers(options, home, texts, outDir);
    } catch (error) {
      notes.push(
        `sentence-transformers not measured: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const report: QwenReport = {
    startedAt: started.toISOString(),
    durationS: (Date.now() - started.getTime()) / 1000,
    command: ['bench:qwen', ...argv].join(' '),
    machine: {
      cpus: cpus()[0]?.model.trim() ?? 'unknown',
      cpuCount: cpus().length,
      memoryGB: totalmem() / 2 ** 30,
      loadAverageStart: loadStart,
      loadAverageEnd: loadavg()[0] as number,
    },
    threads: options.threads,
    seconds: options.seconds,
    texts: { count: texts.length, meanTokens },
    variants,
    sentenceTransformers: st,
    notes,
  };
  if (report.machine.loadAverageStart > 0.5 * report.machine.cpuCount) {
    notes.push(
      `The machine was busy (load average ${report.machine.loadAverageStart.toFixed(2)} on ${report.machine.cpuCount} CPUs): these figures only show that the bench runs.`,
    );
  }
  const section = renderQwenSection(report);
  await writeFile(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(outDir, 'section.md'), section);
  process.stdout.write(`${section}\nreport: ${join(outDir, 'report.json')}\n`);
  if (options.writeDocs) {
    const docs = join(REPO, 'docs', 'performance.md');
    await writeFile(docs, spliceSection(await readFile(docs, 'utf8'), section));
    process.stdout.write(`docs: wrote the section into ${docs}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[bench:qwen] ERROR: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
