import { serveRpc } from '../measure/childRpc.js';
import { median, quantile } from '../measure/stats.js';
import type { BenchModel } from '../models.js';
import type { Contender, ContenderId, ThreadSettings } from '../peers/contender.js';
import type { CacheTiming, Footprint } from '../report/reportTypes.js';

// Runs in a fresh process per contender, so load times are cold and peak RSS is this contender's.

/** What to load and what to run once loaded. */
export interface FootprintInput {
  contender: ContenderId;
  model: BenchModel;
  threads: ThreadSettings;
  oursRunIn: 'worker' | 'main' | null;
  /** The heaviest batch of the run (largest batch of the longest texts). */
  texts: string[];
  reps: number;
  reloads: number;
  /** Model home for the cache probe (ours only). */
  home: string;
  cacheHits: number;
}

/** The footprint, plus the service cache timing for ours. */
export interface FootprintOutput {
  footprint: Footprint;
  cache: CacheTiming | null;
}

const MB = 1024 * 1024;

async function load(input: FootprintInput): Promise<Contender> {
  const { model, threads } = input;
  switch (input.contender) {
    case 'ours': {
      const { OursContender } = await import('../peers/ours.js');
      return OursContender.load(model.dir, threads, input.oursRunIn);
    }
    case 'bareOrt': {
      const { BareOrtContender } = await import('../peers/bareOrt.js');
      const spec = { modelPath: model.modelPath, tokenizerDir: model.dir, maxTokens: model.maxTokens };
      return BareOrtContender.load({ ...spec, dimension: model.dimension }, threads);
    }
    case 'transformersJs': {
      const { TransformersJsContender } = await import('../peers/transformersJs.js');
      return TransformersJsContender.load(
        { id: model.id, modelDir: model.dir, modelPath: model.modelPath },
        threads,
      );
    }
    default:
      throw new Error(`no footprint probe for ${input.contender}`);
  }
}

async function importFor(contender: ContenderId): Promise<void> {
  if (contender === 'ours') await import('../peers/ours.js');
  if (contender === 'bareOrt') await import('../peers/bareOrt.js');
  if (contender === 'transformersJs') await import('../peers/transformersJs.js');
}

async function measure(input: FootprintInput): Promise<FootprintOutput> {
  await importFor(input.contender);
  const baselineRssMB = process.memoryUsage().rss / MB;
  let started = performance.now();
  let contender = await load(input);
  const coldLoadMs = performance.now() - started;
  const job = await contender.batchJob(input.texts);
  for (let i = 0; i < input.reps; i++) await job();
  const peakRssMB = (process.resourceUsage().maxRSS * 1024) / MB;
  const reloads: number[] = [];
  for (let i = 0; i < input.reloads; i++) {
    await contender.dispose();
    started = performance.now();
    contender = await load(input);
    reloads.push(performance.now() - started);
  }
  await contender.dispose();
  const footprint: Footprint = {
    contender: input.contender,
    coldLoadMs,
    baselineRssMB,
    peakRssMB,
    reloadMs: reloads.length > 0 ? median(reloads) : null,
  };
  const cache = input.contender === 'ours' ? await measureCache(input) : null;
  return { footprint, cache };
}

/** First acquisition through `createEmbeddingService` loads the model; the rest hit its cache. */
async function measureCache(input: FootprintInput): Promise<CacheTiming> {
  const { createEmbeddingService } = await import('@akidb/embedding-provider');
  const service = await createEmbeddingService({
    home: input.home,
    defaultModel: input.model.id,
    offline: true,
    session: { ...input.threads, executionProviders: ['cpu'] },
  });
  try {
    let started = performance.now();
    await service.modelInfo(input.model.id);
    const coldAcquireMs = performance.now() - started;
    const hits: number[] = [];
    for (let i = 0; i < input.cacheHits; i++) {
      started = performance.now();
      await service.modelInfo(input.model.id);
      hits.push((performance.now() - started) * 1000);
    }
    return { coldAcquireMs, hitMedianUs: median(hits), hitP99Us: quantile(hits, 0.99), hits: hits.length };
  } finally {
    await service.close();
  }
}

serveRpc({ measure });
