import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EncodedText } from '@akidb/core';
import { loadOnnxEmbeddingProvider, type OnnxEmbeddingProvider } from '@akidb/embedding-provider';
import { loadTokenizer, padBatch, type TextTokenizer } from '@akidb/tokenization';
import * as ort from 'onnxruntime-node';
import { batchAt } from '../closedLoop.js';
import { serveRpc } from '../measure/childRpc.js';
import { median, summarize } from '../measure/stats.js';
import type { CellResult, LoadResult, MeasureInput } from './qwenTypes.js';

// Runs in a fresh process per variant, so the load is cold and the RSS is this variant's alone.

const MB = 1024 * 1024;
/** A call overhead no padding outweighs: batches are never cut by length. */
const WHOLE_BATCHES = 1_000_000_000;
let provider: OnnxEmbeddingProvider | undefined;
let bare: { session: ort.InferenceSession; tokenizer: TextTokenizer } | undefined;

function rssMB(): number {
  return process.memoryUsage().rss / MB;
}

async function load(input: { modelDir: string; threads: number; warmTexts: string[] }): Promise<LoadResult> {
  const baseline = rssMB();
  const started = performance.now();
  provider = await loadOnnxEmbeddingProvider({
    modelDir: input.modelDir,
    session: { intraOpNumThreads: input.threads, interOpNumThreads: 1 },
    // Equal work: every batch runs whole, padded to its longest text, as bare ONNX Runtime runs it
    // (by default the provider cuts a batch of mixed lengths into cheaper calls).
    batching: { batchOverheadTokens: WHOLE_BATCHES },
  });
  const coldLoadMs = performance.now() - started;
  const loadedRssMB = rssMB();
  const firstStart = performance.now();
  await provider.embed(input.warmTexts);
  const firstBatchMs = performance.now() - firstStart;
  return {
    coldLoadMs,
    firstBatchMs,
    baselineRssMB: baseline,
    loadedRssMB,
    afterBatchRssMB: rssMB(),
    peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
  };
}

/** Bare ONNX Runtime on the same model file and threads, fed tensors built ahead of time. */
async function loadBare(modelDir: string, threads: number): Promise<void> {
  const manifest = JSON.parse(await readFile(join(modelDir, 'manifest.json'), 'utf8')) as {
    appendToken?: string;
  };
  const [session, tokenizer] = await Promise.all([
    ort.InferenceSession.create(join(modelDir, 'model.onnx'), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      executionProviders: ['cpu'],
    }),
    loadTokenizer(modelDir, manifest.appendToken ? { appendToken: manifest.appendToken } : {}),
  ]);
  bare = { session, tokenizer };
}

function bareFeed(texts: readonly string[]): Record<string, ort.Tensor> {
  if (!bare) throw new Error('bare session not loaded');
  const rows: EncodedText[] = texts.map((text) =>
    (bare as { tokenizer: TextTokenizer }).tokenizer.encode(text),
  );
  const padded = padBatch(rows, { paddingSide: 'left', padTokenId: bare.tokenizer.padTokenId });
  const dims = [padded.batchSize, padded.seqLength];
  return {
    input_ids: new ort.Tensor('int64', padded.inputIds, dims),
    attention_mask: new ort.Tensor('int64', padded.attentionMask, dims),
  };
}

/**
 * For each batch size: the provider (`embed`: tokenize, infer, pool, normalise) and bare ONNX Runtime
 * (`run` on prebuilt left-padded tensors, then last-token pooling) take turns on the same batch, call
 * by call, alternating who goes first, until the time budget and the minimum call count are met.
 */
async function measure(input: MeasureInput): Promise<CellResult[]> {
  if (!provider) throw new Error('provider not loaded');
  await loadBare(input.modelDir, input.threads);
  const { session } = bare as { session: ort.InferenceSession };
  const results: CellResult[] = [];
  for (const batchSize of input.batchSizes) {
    const batches = Array.from({ length: 8 }, (_, k) => batchAt(input.texts, batchSize, k));
    const feeds = batches.map(bareFeed);
    const ours: number[] = [];
    const bareMs: number[] = [];
    const runOurs = async (k: number): Promise<void> => {
      const started = performance.now();
      await (provider as OnnxEmbeddingProvider).embed(batches[k % batches.length] as string[]);
      ours.push(performance.now() - started);
    };
    const runBare = async (k: number): Promise<void> => {
      const feed = feeds[k % feeds.length] as Record<string, ort.Tensor>;
      const started = performance.now();
      const output = await session.run(feed);
      const hidden = Object.values(output)[0] as ort.Tensor;
      const [rows, seq, width] = hidden.dims as [number, number, number];
      const data = hidden.data as Float32Array;
      const pooled = new Float32Array(rows * width);
      // Left padding: every row's last real token is the last position.
      for (let row = 0; row < rows; row++) {
        pooled.set(data.subarray((row * seq + seq - 1) * width, (row * seq + seq) * width), row * width);
      }
      bareMs.push(performance.now() - started);
    };
    await runOurs(0);
    await runBare(0);
    ours.length = 0;
    bareMs.length = 0;
    const deadline = performance.now() + input.seconds * 1000;
    for (let k = 0; ours.length < input.minCalls || performance.now() < deadline; k++) {
      if (k % 2 === 0) {
        await runOurs(k);
        await runBare(k);
      } else {
        await runBare(k);
        await runOurs(k);
      }
    }
    const ratios = ours.map((ms, i) => (bareMs[i] as number) / ms);
    results.push({
      batchSize,
      ours: summarize(ours),
      bare: summarize(bareMs),
      oursTextsPerSecond: (batchSize * 1000) / median(ours),
      bareTextsPerSecond: (batchSize * 1000) / median(bareMs),
      oursOverBare: median(ratios),
    });
  }
  await session.release();
  bare = undefined;
  return results;
}

serveRpc({
  load: (input: { modelDir: string; threads: number; warmTexts: string[] }) => load(input),
  measure: (input: MeasureInput) => measure(input),
  close: async () => {
    await provider?.dispose();
    provider = undefined;
    return null;
  },
});
