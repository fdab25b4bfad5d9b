import { createAkidb } from '@akidb/ai-sdk';
import { cosineSimilarity, embed, embedMany } from 'ai';

// An AkiDB server (`pnpm start`), with its API key if it has one.
const akidb = createAkidb({
  baseUrl: process.env.AKIDB_URL ?? 'http://127.0.0.1:8080',
  ...(process.env.AKIDB_API_KEY ? { apiKey: process.env.AKIDB_API_KEY } : {}),
});
const model = akidb('all-minilm-l6-v2');

const { embeddings } = await embedMany({
  model,
  values: ['sunny day at the beach', 'rainy afternoon in the city', 'snowy night in the mountains'],
});
const { embedding } = await embed({
  model,
  value: 'warm sand and waves',
  providerOptions: { akidb: { inputType: 'query' } },
});
const scores = embeddings.map((vector) => cosineSimilarity(embedding, vector));
console.log('best match:', scores.indexOf(Math.max(...scores)));
