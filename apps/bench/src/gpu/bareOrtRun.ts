import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ProfileSummary } from './profileSummary.js';
import { summarizeProfile } from './profileSummary.js';

/** Bare `InferenceSession.run` tokens/s on rows of `seq` tokens, no padding, no tokenizer. */
export interface TokenThroughput {
  readonly variant: string;
  readonly ep: string;
  readonly batch: number;
  readonly seq: number;
  readonly tokensPerSecond: number;
}

type Feeds = Record<string, ort.Tensor>;

/** Random ids (fixed seed) with a full mask, `[batch, seq]`, for every input the model declares. */
export function fullRows(inputNames: readonly string[], batch: number, seq: number): Feeds {
  const ids = new BigInt64Array(batch * seq);
  let state = 12345;
  for (let i = 0; i < ids.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    ids[i] = BigInt(1000 + (state % 28000));
  }
  const feeds: Feeds = {};
  for (const name of inputNames) {
    const data =
      name === 'input_ids'
        ? ids
        : name === 'attention_mask'
          ? new BigInt64Array(batch * seq).fill(1n)
          : new BigInt64Array(batch * seq);
    feeds[name] = new ort.Tensor('int64', data, [batch, seq]);
  }
  return feeds;
}

function sessionOptions(ep: string, threads: number): ort.InferenceSession.SessionOptions {
  return { executionProviders: [ep], intraOpNumThreads: threads, graphOptimizationLevel: 'all' };
}

/** Tokens/s of bare ORT at each row count: 2 warm-up runs, then `reps` timed runs (mean). */
export async function runBareTokens(
  modelPath: string,
  variant: string,
  ep: string,
  threads: number,
  rows: readonly number[],
  reps: number,
  seq = 128,
): Promise<TokenThroughput[]> {
  const session = await ort.InferenceSession.create(modelPath, sessionOptions(ep, threads));
  try {
    const out: TokenThroughput[] = [];
    for (const batch of rows) {
      const feeds = fullRows(session.inputNames, batch, seq);
      for (let i = 0; i < 2; i++) await session.run(feeds);
      const started = performance.now();
      for (let i = 0; i < reps; i++) await session.run(feeds);
      const seconds = (performance.now() - started) / 1000 / reps;
      out.push({ variant, ep, batch, seq, tokensPerSecond: (batch * seq) / seconds });
    }
    return out;
  } finally {
    await session.release();
  }
}

/**
 * Runs `runs` batches of `[batch, seq]` with ORT's profiler on and sums the profile by provider and
 * op type. The profile file is written next to `prefix` and removed after reading.
 */
export async function runProfile(
  modelPath: string,
  ep: string,
  threads: number,
  prefix: string,
  batch = 32,
  seq = 128,
  runs = 5,
): Promise<ProfileSummary> {
  const session = await ort.InferenceSession.create(modelPath, {
    ...sessionOptions(ep, threads),
    enableProfiling: true,
    profileFilePrefix: prefix,
  });
  const feeds = fullRows(session.inputNames, batch, seq);
  for (let i = 0; i < runs; i++) await session.run(feeds);
  session.endProfiling();
  await session.release();
  const folder = dirname(prefix);
  const file = (await readdir(folder)).find(
    (name) => name.startsWith(basename(prefix)) && name.endsWith('.json'),
  );
  if (file === undefined) throw new Error(`ORT wrote no profile next to ${prefix}`);
  const events = JSON.parse(await readFile(join(folder, file), 'utf8'));
  await rm(join(folder, file));
  return summarizeProfile(events);
}
