import type { EmbeddingResult } from '@akidb/embedding-provider';
import type { Context } from 'hono';

/** The timing headers set on every embedding response (also exposed through CORS). */
export const TIMING_HEADERS: readonly string[] = [
  'x-akidb-total-ms',
  'x-akidb-queue-ms',
  'x-akidb-tokenize-ms',
  'x-akidb-inference-ms',
  'x-akidb-tokens',
  'x-akidb-model',
  'server-timing',
];

/**
 * Sets `x-akidb-*-ms`, `x-akidb-tokens`, `x-akidb-model` and a `Server-Timing` header with the
 * queue, tokenize, inference and total durations of one request.
 */
export function setTimingHeaders(c: Context, result: EmbeddingResult): void {
  const { queueMs, tokenizeMs, inferenceMs, totalMs } = result.timings;
  c.header('x-akidb-total-ms', ms(totalMs));
  c.header('x-akidb-queue-ms', ms(queueMs));
  c.header('x-akidb-tokenize-ms', ms(tokenizeMs));
  c.header('x-akidb-inference-ms', ms(inferenceMs));
  c.header('x-akidb-tokens', String(result.usage.promptTokens));
  c.header('x-akidb-model', result.model);
  c.header(
    'server-timing',
    `queue;dur=${ms(queueMs)}, tokenize;dur=${ms(tokenizeMs)}, inference;dur=${ms(inferenceMs)}, total;dur=${ms(totalMs)}`,
  );
}

function ms(value: number): string {
  return value.toFixed(3);
}
