import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AkidbError } from '@akidb/core';
import type { ModelManifest } from '@akidb/registry';
import { parseManifest } from '@akidb/registry';
import type { SessionOptions } from '@akidb/session';
import { createSessionPool, defaultBatchLimits } from '@akidb/session';
import { loadTokenizer } from '@akidb/tokenization';
import type { BatchReport } from './batchScheduler.js';
import { modelParallelism } from './modelParallelism.js';
import type { BatchingSettings } from './onnxEmbeddingProvider.js';
import { OnnxEmbeddingProvider } from './onnxEmbeddingProvider.js';
import type { InputLimits } from './validateTexts.js';

/** Where the model is and how to run it. */
export interface LoadProviderOptions {
  /** Directory with `model.onnx`, `tokenizer.json` (+ `tokenizer_config.json`) and `manifest.json`. */
  modelDir: string;
  /** The model's manifest; read from `<modelDir>/manifest.json` when absent. */
  manifest?: ModelManifest;
  /** How concurrent calls are batched (defaults: 32 rows, 16384 padded tokens, 8192 queued texts, coalesce). */
  batching?: Partial<BatchingSettings>;
  /** Request-size limits (default: unlimited). */
  limits?: InputLimits;
  /** ONNX Runtime settings: execution providers, threads per replica, graph optimisation. */
  session?: SessionOptions;
  /**
   * Session replicas, each its own worker thread and ONNX Runtime session (default: planned from the
   * core count and the model's size, see `modelParallelism`).
   */
  replicas?: number;
  /** CPU cores to plan replicas x threads for (default `os.availableParallelism()`). */
  cores?: number;
  /** Observes every inference batch (e.g. for metrics). */
  onBatch?: (report: BatchReport) => void;
}

/**
 * Batching defaults. `maxBatchSize` and `maxBatchTokens` here are the CPU ones; a model that runs on a GPU
 * provider gets `defaultBatchLimits(executionProvider)` (256 rows, 65,536 tokens) unless set explicitly.
 */
export const DEFAULT_BATCHING: Readonly<BatchingSettings> = {
  maxBatchSize: 32,
  maxBatchTokens: 16_384,
  batchOverheadTokens: 32,
  maxQueueTexts: 8_192,
  coalesce: true,
};

/**
 * Loads one model from a directory into a ready {@link OnnxEmbeddingProvider}: its tokenizer and
 * `replicas` ONNX Runtime sessions (each in a worker thread of its own; runs go to the least busy).
 *
 * @example
 * const provider = await loadOnnxEmbeddingProvider({ modelDir: modelDirectory('all-minilm-l6-v2') });
 * const { embeddings } = await provider.embed(['hello world']);
 */
export async function loadOnnxEmbeddingProvider(
  options: LoadProviderOptions,
): Promise<OnnxEmbeddingProvider> {
  const manifest = options.manifest ?? (await readManifest(options.modelDir));
  const modelFile = manifest.files.find((file) => file.role === 'model')?.path ?? 'model.onnx';
  const sessionOptions = options.session ?? {};
  const { replicas, threads } = modelParallelism(manifest, {
    replicas: options.replicas,
    cores: options.cores,
    threads: sessionOptions.intraOpNumThreads,
    executionProviders: sessionOptions.executionProviders,
  });
  const [tokenizer, session] = await Promise.all([
    loadTokenizer(options.modelDir, manifest.appendToken ? { appendToken: manifest.appendToken } : {}),
    createSessionPool(join(options.modelDir, modelFile), {
      ...sessionOptions,
      replicas,
      intraOpNumThreads: threads,
    }),
  ]);
  if (session.hiddenSize !== manifest.dimension) {
    await session.release();
    throw new AkidbError(
      'MODEL_LOAD_FAILED',
      `Model "${manifest.id}" outputs ${session.hiddenSize} dimensions but its manifest says ${manifest.dimension}`,
      { details: { model: manifest.id } },
    );
  }
  return new OnnxEmbeddingProvider({
    id: manifest.id,
    session,
    tokenizer,
    pooling: manifest.pooling,
    paddingSide: manifest.paddingSide,
    maxTokens: manifest.maxTokens,
    prompts: { prompts: manifest.prompts ?? {}, defaultPrompt: manifest.defaultPrompt ?? null },
    matryoshkaDimensions: manifest.matryoshkaDimensions ?? null,
    batching: {
      ...DEFAULT_BATCHING,
      ...defaultBatchLimits(session.executionProvider),
      ...definedOnly(options.batching ?? {}),
    },
    limits: options.limits ?? {},
    memoryBytes: manifest.memoryMB * 1024 * 1024 * replicas,
    onBatch: options.onBatch,
  });
}

async function readManifest(modelDir: string): Promise<ModelManifest> {
  let text: string;
  try {
    text = await readFile(join(modelDir, 'manifest.json'), 'utf8');
  } catch (cause) {
    throw new AkidbError('MODEL_NOT_INSTALLED', 'The model directory has no manifest.json', { cause });
  }
  return parseManifest(JSON.parse(text), 'manifest.json');
}

/** The entries of `settings` that are set, so that an explicit `undefined` keeps the default. */
function definedOnly(settings: Partial<BatchingSettings>): Partial<BatchingSettings> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
