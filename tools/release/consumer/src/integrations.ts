// A user's program with the framework integrations, compiled in a fresh project that installed them from a
// registry (tools/release/src/release.test.ts). Usage: node dist/integrations.js <model-id> <text>
import { createAkidb } from '@akidb/ai-sdk';
import { AkidbEmbedder } from '@akidb/client';
import { createEmbeddingService } from '@akidb/embedding-provider';
import { AkidbEmbeddings } from '@akidb/langchain';
import { embed } from 'ai';

// With skipLibCheck, declarations that fail to resolve quietly become `any`: make that a compile error.
type IsAny<T> = 0 extends 1 & T ? true : false;
export const typesResolved: [
  IsAny<AkidbEmbeddings>,
  IsAny<ReturnType<typeof createAkidb>>,
  IsAny<AkidbEmbedder>,
] = [false, false, false];

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    normA += (a[i] ?? 0) ** 2;
    normB += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(normA * normB);
}

const [model, text] = process.argv.slice(2);
if (model === undefined || text === undefined)
  throw new Error('usage: node dist/integrations.js <model-id> <text>');
const service = await createEmbeddingService({ offline: true });
try {
  const direct = Array.from((await service.embed({ model, texts: [text] })).embeddings[0] ?? []);
  const langchain = await new AkidbEmbeddings({ client: service, model }).embedQuery(text);
  const { embedding: aiSdk } = await embed({ model: createAkidb({ client: service })(model), value: text });
  const client = Array.from(
    (await new AkidbEmbedder({ client: service, model }).embedDocuments([text])).embeddings[0] ?? [],
  );
  // The service's vector in full; each integration as its length and its cosine to it (stdout is kept short).
  const report = {
    integrations: true,
    vector: direct,
    paths: Object.fromEntries(
      Object.entries({ langchain, aiSdk, client }).map(([name, vector]) => [
        name,
        { length: vector.length, cosine: cosine(vector, direct) },
      ]),
    ),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  await service.close();
}
