import type { EmbeddingProvider, EncodedText } from '@akidb/core';
import type { EmbedJob } from './embedder.js';
import { encodeTokenIds } from './encodeTokenIds.js';

/**
 * Tokenizes a job's texts with the model's tokenizer (prompt and truncation applied), or checks and
 * truncates its token ids against the model's vocabulary and max tokens.
 */
export async function encodeJob(provider: EmbeddingProvider, job: EmbedJob): Promise<EncodedText[]> {
  if (job.input.kind === 'texts') {
    return provider.encode(job.input.texts, {
      truncate: job.truncate,
      truncationDirection: job.truncationDirection,
      ...(job.promptName === undefined ? {} : { promptName: job.promptName }),
      signal: job.signal,
    });
  }
  const info = provider.modelInfo();
  return encodeTokenIds(job.input.ids, {
    vocabularySize: info.vocabSize,
    maxTokens: info.maxTokens,
    truncate: job.truncate,
    truncationDirection: job.truncationDirection,
  });
}
