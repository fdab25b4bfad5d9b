import { minCosine } from '../peers/cosine.js';

/** Least cosine a server's vectors may have against AkiDB in-process to be timed. */
export const EQUAL_WORK_MIN_COSINE = 0.999;

/**
 * Embeds `texts` through a server's OpenAI-shaped route (one request) and returns the least cosine
 * of its vectors against `reference` (AkiDB in-process on the same texts). Throws when the answer
 * is not a list of as many embeddings.
 *
 * @example
 * const cosine = await checkEqualWork(server.url, '/v1/embeddings', model, texts, reference);
 */
export async function checkEqualWork(
  url: string,
  path: string,
  model: string,
  texts: readonly string[],
  reference: readonly Float32Array[],
): Promise<number> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, input: texts }),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.slice(0, 300)}`);
  return minCosine(reference, openAiVectors(body, texts.length));
}

/** The vectors of an OpenAI embeddings response, in input order. */
export function openAiVectors(body: string, expected: number): number[][] {
  const parsed = JSON.parse(body) as { data?: { index?: number; embedding?: unknown }[] };
  const data = parsed.data ?? [];
  if (data.length !== expected) throw new Error(`expected ${expected} embeddings, got ${data.length}`);
  const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return ordered.map((item, i) => {
    if (!Array.isArray(item.embedding)) throw new Error(`embedding ${i} is not a list of numbers`);
    return item.embedding as number[];
  });
}
