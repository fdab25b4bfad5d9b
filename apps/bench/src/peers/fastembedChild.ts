import { EmbeddingModel, ExecutionProvider, FlagEmbedding } from 'fastembed';
import { serveRpc } from '../measure/childRpc.js';

// fastembed in its own process: it ships onnxruntime-node 1.21, which cannot share a process
// with the 1.30 that ours and transformers.js load (both native libraries are libonnxruntime.so.1).

/** What the parent asks fastembed to load. */
export interface FastembedInit {
  modelDir: string;
  modelFile: string;
  maxLength: number;
}

let model: FlagEmbedding | undefined;
const prepared = new Map<string, { texts: string[]; batchSize: number }>();

function loaded(): FlagEmbedding {
  if (!model) throw new Error('fastembed is not initialised');
  return model;
}

async function embedAll(texts: string[], batchSize: number): Promise<number[][]> {
  const vectors: number[][] = [];
  // fastembed yields Float32Arrays typed as number[]; plain arrays survive IPC's JSON.
  for await (const batch of loaded().embed(texts, batchSize))
    vectors.push(...batch.map((v) => Array.from(v)));
  return vectors;
}

serveRpc({
  init: async (input: FastembedInit) => {
    const started = performance.now();
    model = await FlagEmbedding.init({
      model: EmbeddingModel.CUSTOM,
      modelAbsoluteDirPath: input.modelDir,
      modelName: input.modelFile,
      maxLength: input.maxLength,
      executionProviders: [ExecutionProvider.CPU],
      showDownloadProgress: false,
    });
    return { loadMs: performance.now() - started };
  },
  embed: async (texts: string[]) => embedAll(texts, 32),
  prepare: async (input: { key: string; texts: string[]; batchSize: number }) => {
    prepared.set(input.key, { texts: input.texts, batchSize: input.batchSize });
    return null;
  },
  run: async (key: string) => {
    const work = prepared.get(key);
    if (!work) throw new Error(`nothing prepared under "${key}"`);
    const started = performance.now();
    await embedAll(work.texts, work.batchSize);
    return performance.now() - started;
  },
});
