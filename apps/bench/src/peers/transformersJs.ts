import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { env, pipeline } from '@huggingface/transformers';
import type { Job } from '../measure/interleave.js';
import { timed } from '../measure/interleave.js';
import type { Contender, ThreadSettings } from './contender.js';

/** Files transformers.js reads for a feature-extraction model, besides `onnx/model.onnx`. */
const SIDE_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];
const CORPUS_BATCH = 32;
const OPTIONS = { pooling: 'mean', normalize: true } as const;

/** The model files to expose to transformers.js. */
export interface TransformersJsModel {
  id: string;
  modelDir: string;
  /** The ONNX file ours loads (same file, so the same weights and graph). */
  modelPath: string;
}

/**
 * Lays out `model` the way transformers.js expects a local model (`<root>/<id>/onnx/model.onnx`
 * plus the JSON files), with symlinks to the real files. Returns the root.
 */
export async function stageTransformersJsModel(model: TransformersJsModel): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'akidb-bench-tjs-'));
  const dir = join(root, model.id);
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await symlink(model.modelPath, join(dir, 'onnx', 'model.onnx'));
  for (const file of SIDE_FILES) {
    await symlink(join(model.modelDir, file), join(dir, file)).catch(() => undefined);
  }
  return root;
}

/**
 * transformers.js `feature-extraction` pipeline (mean pooling, normalised) on the same ONNX file,
 * local files only, same ONNX Runtime threads through its `session_options`.
 */
export class TransformersJsContender implements Contender {
  readonly id = 'transformersJs' as const;
  readonly #extractor: FeatureExtractionPipeline;
  readonly #root: string;

  private constructor(extractor: FeatureExtractionPipeline, root: string) {
    this.#extractor = extractor;
    this.#root = root;
  }

  static async load(model: TransformersJsModel, threads: ThreadSettings): Promise<TransformersJsContender> {
    const root = await stageTransformersJsModel(model);
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.useFSCache = false;
    env.localModelPath = `${root}/`;
    try {
      const extractor = (await pipeline('feature-extraction', model.id, {
        dtype: 'fp32',
        device: 'cpu',
        local_files_only: true,
        session_options: { ...threads, graphOptimizationLevel: 'all', executionMode: 'sequential' },
      })) as FeatureExtractionPipeline;
      return new TransformersJsContender(extractor, root);
    } catch (error) {
      await rm(root, { recursive: true, force: true });
      throw error;
    }
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += CORPUS_BATCH) {
      const output = await this.#extractor(texts.slice(start, start + CORPUS_BATCH), OPTIONS);
      const [rows, dimension] = output.dims as [number, number];
      const data = output.data as Float32Array;
      for (let row = 0; row < rows; row++) vectors.push(data.slice(row * dimension, (row + 1) * dimension));
    }
    return vectors;
  }

  async batchJob(texts: readonly string[]): Promise<Job> {
    const batch = [...texts];
    return timed(() => this.#extractor(batch, OPTIONS));
  }

  async corpusJob(texts: readonly string[]): Promise<Job> {
    const batches: string[][] = [];
    for (let start = 0; start < texts.length; start += CORPUS_BATCH) {
      batches.push(texts.slice(start, start + CORPUS_BATCH));
    }
    return timed(async () => {
      for (const batch of batches) await this.#extractor(batch, OPTIONS);
    });
  }

  async dispose(): Promise<void> {
    await this.#extractor.dispose();
    await rm(this.#root, { recursive: true, force: true });
  }
}
