import type { EmbeddingResult, EmbedRequest } from '@akidb/core';
import type { EmbeddingCache } from '@akidb/embedding-cache';
import { cacheScopeDigest } from '@akidb/embedding-cache';
import { checkModelDimensions } from './checkModelDimensions.js';
import type { PromptConfig } from './resolvePrompt.js';
import { resolvePrompt } from './resolvePrompt.js';
import { type InputLimits, validateTexts } from './validateTexts.js';

/** What the cache path needs to know of a model without loading it (from its manifest). */
export interface CachedModel {
  id: string;
  fingerprint: string;
  dimension: number;
  maxTokens: number;
  matryoshkaDimensions: readonly number[] | null;
  prompts: PromptConfig;
}

/**
 * `embed` with an embedding cache in front: texts are looked up by model fingerprint, options and
 * text; only the distinct texts that miss go to `embedMisses` (the model's batching), and their
 * vectors are stored. A request answered entirely from the cache never leases or loads the model.
 */
export async function embedThroughCache(
  cache: EmbeddingCache,
  model: CachedModel,
  request: EmbedRequest & { texts: readonly string[] },
  limits: InputLimits,
  embedMisses: (texts: readonly string[]) => Promise<EmbeddingResult>,
): Promise<EmbeddingResult> {
  const started = performance.now();
  const texts = validateTexts(request.texts, limits);
  if (request.dimensions !== undefined) checkModelDimensions(model, request.dimensions);
  const longInput = request.longInput ?? 'error';
  const scope = cacheScopeDigest({
    model: model.id,
    fingerprint: model.fingerprint,
    prompt: resolvePrompt(model.prompts, request),
    maxTokens: model.maxTokens,
    truncate: request.truncate ?? longInput !== 'chunk',
    truncationDirection: request.truncationDirection ?? 'right',
    longInput,
    normalize: request.normalize ?? true,
    dimensions:
      request.dimensions === undefined || request.dimensions === model.dimension ? null : request.dimensions,
  });
  const { keys, entries, missing } = cache.lookup(scope, texts);
  let computed: EmbeddingResult | undefined;
  if (missing.length > 0) {
    // Each distinct missing text is embedded once, however often the request repeats it.
    const waiting = new Map<string, number[]>();
    for (const index of missing) {
      const key = keys[index] as string;
      const indices = waiting.get(key);
      if (indices) indices.push(index);
      else waiting.set(key, [index]);
    }
    const distinct = [...waiting.values()];
    const result = await embedMisses(distinct.map((indices) => texts[indices[0] as number] as string));
    for (const [j, indices] of distinct.entries()) {
      const entry = {
        vector: result.embeddings[j] as Float32Array,
        tokens: result.tokenCounts?.[j] ?? 0,
        chunks: result.chunks?.[j] ?? 1,
      };
      cache.set(keys[indices[0] as number] as string, entry);
      for (const [n, index] of indices.entries()) {
        entries[index] = n === 0 ? entry : { ...entry, vector: entry.vector.slice() };
      }
    }
    computed = result;
  }
  const embeddings = entries.map((entry) => entry?.vector as Float32Array);
  const tokenCounts = entries.map((entry) => entry?.tokens ?? 0);
  let tokens = 0;
  for (const count of tokenCounts) tokens += count;
  const timings = computed?.timings ?? {
    queueMs: 0,
    tokenizeMs: 0,
    inferenceMs: 0,
    poolingMs: 0,
    totalMs: 0,
  };
  return {
    model: model.id,
    dimension: embeddings[0]?.length ?? model.dimension,
    embeddings,
    usage: { promptTokens: tokens, totalTokens: tokens },
    timings: { ...timings, totalMs: performance.now() - started },
    tokenCounts,
    ...(longInput === 'chunk' ? { chunks: entries.map((entry) => entry?.chunks ?? 1) } : {}),
    cacheHits: texts.length - missing.length,
  };
}
