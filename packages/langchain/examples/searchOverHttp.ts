import { AkidbEmbeddings } from '@akidb/langchain';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';

// An AkiDB server (`pnpm start`), with its API key if it has one.
const embeddings = new AkidbEmbeddings({
  baseUrl: process.env.AKIDB_URL ?? 'http://127.0.0.1:8080',
  ...(process.env.AKIDB_API_KEY ? { apiKey: process.env.AKIDB_API_KEY } : {}),
  model: 'all-minilm-l6-v2',
  batchSize: 64,
});

const store = await MemoryVectorStore.fromTexts(
  [
    'The cat curled up on the warm windowsill and fell asleep.',
    'ONNX Runtime executes neural network models on CPUs and GPUs.',
    'The recipe needs two eggs, flour, sugar and a pinch of salt.',
  ],
  [{ id: 'cat' }, { id: 'onnx' }, { id: 'recipe' }],
  embeddings,
);
const [best] = await store.similaritySearch('Which library runs machine learning models?', 1);
console.log(best?.metadata.id, '-', best?.pageContent);
