import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AkidbError } from '@akidb/core';
import type { ModelManifest } from '@akidb/registry';
import { parseManifest } from '@akidb/registry';
import type { SessionOptions } from '@akidb/session';
import { createSession } from '@akidb/session';
import { loadTokenizer } from '@akidb/tokenization';
import { OnnxEmbeddingProvider } from './onnxEmbeddingProvider.js';

/** Where the model is and how to run it. */
export interface LoadProviderOptions {
  /** Directory with `model.onnx`, `tokenizer.json` (+ `tokenizer_config.json`) and `manifest.json`. */
  modelDir: string;
  /** The model's manifest; read from `<modelDir>/manifest.json` when absent. */
  manifest?: ModelManifest;
  /** Largest batch one inference call takes (default 32). */
  maxBatchSize?: number;
  /** ONNX Runtime settings: execution providers, threads, graph optimisation. */
  session?: SessionOptions;
}

/**
 * Loads one model from a directory into a ready {@link OnnxEmbeddingProvider}.
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
  const [tokenizer, session] = await Promise.all([
    loadTokenizer(options.modelDir, manifest.appendToken ? { appendToken: manifest.appendToken } : {}),
    createSession(join(options.modelDir, modelFile), options.session ?? {}),
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
    maxBatchSize: options.maxBatchSize ?? 32,
    memoryBytes: manifest.memoryMB * 1024 * 1024,
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
