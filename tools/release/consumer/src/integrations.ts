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

const [model, text] = process.argv.slice(2);
if (model === undefined || text === undefined)
  throw new Error('usage: node dist/integrations.js <model-id> <text>');
const service = await createEmbeddingService({ offline: true });
try {
  const langchain = await new AkidbEmbeddings({ client: service, model }).embedQuery(text);
  const { embedding: aiSdk } = await embed({ model: createAkidb({ client: service })(model), value: text });
  const client = await new AkidbEmbedder({ client: service, model }).embedDocuments([text]);
  const report = { integrations: true, langchain, aiSdk, client: Array.from(client.embeddings[0] ?? []) };
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  await service.close();
}
