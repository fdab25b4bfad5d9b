import { loadTokenizer } from '@akidb/tokenization';
import type { BenchOptions } from '../args.js';
import type { LengthPool } from '../corpus/lengthPools.js';
import { buildLengthPool } from '../corpus/lengthPools.js';
import type { RepetitionPolicy } from '../measure/interleave.js';
import type { BenchModel } from '../models.js';
import type { Contender, ThreadSettings } from '../peers/contender.js';
import type { Progress } from '../progress.js';
import type { ModelReport } from '../report/reportTypes.js';
import type { LoadedContenders } from './loadContenders.js';
import { loadContenders } from './loadContenders.js';
import type { Workload } from './runBreakdown.js';
import { runBreakdown } from './runBreakdown.js';
import { runFootprints } from './runFootprints.js';
import { runGrid } from './runGrid.js';
import { runMixed } from './runMixed.js';

const MB = 1024 * 1024;

/** Progress units one model takes, for the progress bar. */
export function modelUnits(options: BenchOptions): number {
  const probed = options.quick ? 0 : options.peers.filter((p) => p !== 'fastembed').length;
  const footprints = options.footprint ? 1 + probed : 0;
  return 1 + options.lengths.length * options.batchSizes.length + 2 + footprints;
}

/** Everything in-process for one model: checks, latency grid, mixed corpus, breakdown, footprints. */
export interface ModelRun {
  report: ModelReport;
  notes: string[];
}

/**
 * Measures one model side by side with the peers.
 *
 * @example
 * const run = await runModel(model, corpus, options, home, progress);
 */
export async function runModel(
  model: BenchModel,
  corpus: readonly string[],
  options: BenchOptions,
  home: string,
  progress: Progress,
): Promise<ModelRun> {
  const threads: ThreadSettings = {
    intraOpNumThreads: options.intraOpNumThreads,
    interOpNumThreads: options.interOpNumThreads,
  };
  const policy: RepetitionPolicy = {
    warmup: options.warmup,
    minReps: options.minReps,
    maxReps: options.maxReps,
    budgetMs: options.cellBudgetMs,
  };
  let ticks = 0;
  const tick = (label: string): void => {
    ticks++;
    progress.advance(1, `${model.id} · ${label}`);
  };
  progress.status(`${model.id} · loading`);
  const tokenizer = await loadTokenizer(model.dir, { modelMaxLength: model.maxTokens });
  const count = (text: string): number => Math.min(tokenizer.countTokens(text), model.maxTokens);
  const poolSize = Math.max(...options.batchSizes);
  const pools = options.lengths.map((length) =>
    buildLengthPool(corpus, length, poolSize, count, model.maxTokens),
  );
  const checkTexts = [...corpus.slice(0, 8), ...pools.map((pool) => pool.texts[0] as string)];
  const loaded = await loadContenders(model, options.peers, threads, checkTexts, options.oursRunIn);
  tick('loaded and checked');
  const notes: string[] = [];
  const measured = await measureLoaded(loaded, pools, corpus.map(count), corpus, options, policy, tick);
  if (!loaded.bareOrt) notes.push(`${model.id}: bare ORT did not run, so there is no time breakdown`);
  const footprintResults = options.footprint
    ? await runFootprints(
        model,
        // A quick run probes ours only: each probe is a fresh process.
        options.quick ? ['ours'] : ['ours', ...loaded.peers.map((peer) => peer.id)],
        threads,
        heaviest(pools),
        home,
        options,
        tick,
      )
    : { footprints: [], cache: null, errors: [] };
  notes.push(...footprintResults.errors);
  // Peers that failed their check have no footprint probe: catch the bar up.
  progress.advance(Math.max(0, modelUnits(options) - ticks), `${model.id} · done`);
  const report: ModelReport = {
    id: model.id,
    modelFile: model.modelFile,
    modelMB: model.modelBytes / MB,
    dimension: model.dimension,
    quantization: model.quantization,
    checks: loaded.checks,
    ...measured,
    footprints: footprintResults.footprints,
    cache: footprintResults.cache,
  };
  return { report, notes };
}

/** Grid, mixed corpus and breakdown with the loaded contenders, which are disposed afterwards. */
async function measureLoaded(
  loaded: LoadedContenders,
  pools: readonly LengthPool[],
  tokenCounts: readonly number[],
  corpus: readonly string[],
  options: BenchOptions,
  policy: RepetitionPolicy,
  tick: (label: string) => void,
): Promise<Pick<ModelReport, 'grid' | 'mixed' | 'breakdown'>> {
  try {
    const contenders: Contender[] = [loaded.ours, ...loaded.peers];
    const grid = await runGrid(contenders, pools, options.batchSizes, policy, tick);
    const corpusPolicy = { ...policy, budgetMs: policy.budgetMs * 3 };
    const others = loaded.peers.filter((peer) => peer.id !== 'bareOrt');
    const mixed = await runMixed(corpus, tokenCounts, loaded.ours, loaded.bareOrt, others, corpusPolicy);
    tick('mixed corpus');
    const breakdown = loaded.bareOrt
      ? await runBreakdown(loaded.ours, loaded.bareOrt, breakdownWorkloads(pools, corpus), policy)
      : [];
    tick('breakdown');
    return { grid, mixed, breakdown };
  } finally {
    for (const contender of [loaded.ours, ...loaded.peers]) await contender.dispose();
  }
}

/** The largest batch of the longest texts. */
function heaviest(pools: readonly LengthPool[]): string[] {
  return pools[pools.length - 1]?.texts ?? [];
}

function breakdownWorkloads(pools: readonly LengthPool[], corpus: readonly string[]): Workload[] {
  const workloads: Workload[] = [];
  const short = pools.find((candidate) => candidate.length === 'short');
  if (short) workloads.push({ name: `batch 1 × ${short.length}`, texts: short.texts.slice(0, 1) });
  const pool = pools.find((candidate) => candidate.length === 'medium') ?? pools[0];
  if (pool) workloads.push({ name: `batch ${pool.texts.length} × ${pool.length}`, texts: pool.texts });
  workloads.push({ name: 'mixed corpus', texts: corpus });
  return workloads;
}
