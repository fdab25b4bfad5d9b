import { createAkidb } from '@akidb/ai-sdk';
import { createEmbeddingService } from '@akidb/embedding-provider';
import { embedMany } from 'ai';

// No server: the models run in this process (installed models are found in $AKIDB_HOME, ~/.cache/akidb).
const service = await createEmbeddingService({ offline: true });
try {
  const akidb = createAkidb({ client: service });
  const { embeddings, usage } = await embedMany({
    model: akidb('all-minilm-l6-v2'),
    values: ['first document', 'second document'],
  });
  console.log(embeddings.length, 'vectors of', embeddings[0]?.length, 'dimensions,', usage.tokens, 'tokens');
} finally {
  await service.close();
}
