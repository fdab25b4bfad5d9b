// A user's program, compiled in a fresh project that installed @akidb/embedding-provider from a registry
// (tools/release/src/release.test.ts). Usage: node dist/embed.js <model-dir | model-id> <text>
import { existsSync } from 'node:fs';
import { createEmbeddingService, loadOnnxEmbeddingProvider } from '@akidb/embedding-provider';

// With skipLibCheck, declarations that fail to resolve quietly become `any`: make that a compile error.
type IsAny<T> = 0 extends 1 & T ? true : false;
type Provider = Awaited<ReturnType<typeof loadOnnxEmbeddingProvider>>;
type Service = Awaited<ReturnType<typeof createEmbeddingService>>;
type Result = Awaited<ReturnType<Provider['embed']>>;
export const typesResolved: [IsAny<Provider>, IsAny<Service>, IsAny<Result>, IsAny<Result['embeddings']>] = [
  false,
  false,
  false,
  false,
];

async function embedWithModelDir(modelDir: string, text: string): Promise<Result> {
  const provider = await loadOnnxEmbeddingProvider({ modelDir });
  try {
    return await provider.embed([text]);
  } finally {
    await provider.dispose();
  }
}

async function embedWithModelId(model: string, text: string): Promise<Result> {
  // Installed models ($AKIDB_HOME/models/<id>/manifest.json) are found without any manifests directory.
  const service = await createEmbeddingService({ offline: true });
  try {
    return await service.embed({ model, texts: [text] });
  } finally {
    await service.close();
  }
}

const [target, text] = process.argv.slice(2);
if (target === undefined || text === undefined) {
  throw new Error('usage: node dist/embed.js <model-dir | model-id> <text>');
}
const via = existsSync(target) ? 'model-dir' : 'model-id';
const result =
  via === 'model-dir' ? await embedWithModelDir(target, text) : await embedWithModelId(target, text);
const vector: Float32Array | undefined = result.embeddings[0];
if (vector === undefined) throw new Error('no embedding came back');
let sumOfSquares = 0;
for (const value of vector) sumOfSquares += value * value;
const report = {
  via,
  model: result.model,
  dimension: result.dimension,
  length: vector.length,
  norm: Math.sqrt(sumOfSquares),
  promptTokens: result.usage.promptTokens,
  vector: Array.from(vector),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
