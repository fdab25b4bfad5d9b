import { createEmbeddingService } from '@akidb/embedding-provider';
import { AkidbEmbeddings } from '@akidb/langchain';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';

// No server: the models run in this process (installed models are found in $AKIDB_HOME, ~/.cache/akidb).
const service = await createEmbeddingService({ offline: true });
try {
  const embeddings = new AkidbEmbeddings({ client: service, model: 'all-minilm-l6-v2' });
  const store = await MemoryVectorStore.fromTexts(
    ['Interest rates were raised to fight inflation.', 'The football match ended in a draw.'],
    [{ id: 'rates' }, { id: 'football' }],
    embeddings,
  );
  const [best] = await store.similaritySearch('What did the central bank do?', 1);
  console.log(best?.metadata.id, '-', best?.pageContent);
} finally {
  await service.close();
}
