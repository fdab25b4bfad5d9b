import type { EmbeddingResult, EmbedRequest } from '@akidb/embedding-provider';
import type { Context } from 'hono';
import { raceAbort } from '../requestDeadline.js';
import type { AppEnv, ServerContext } from '../serverContext.js';
import { setTimingHeaders } from '../timingHeaders.js';

/**
 * The one service call of every embedding route: `service.embed` with the request's signal (the
 * response is given up at the deadline or when the client leaves; work already batched finishes),
 * then stage metrics and timing headers.
 */
export async function runEmbed(
  c: Context<AppEnv>,
  ctx: ServerContext,
  request: Omit<EmbedRequest, 'signal'>,
): Promise<EmbeddingResult> {
  const signal = c.get('signal');
  const result = await raceAbort(ctx.service.embed({ ...request, signal }), signal);
  ctx.metrics.observeEmbed(result);
  setTimingHeaders(c, result);
  return result;
}

/** Float32 vectors as plain number arrays for JSON. */
export function toNumberArrays(vectors: readonly Float32Array[]): number[][] {
  return vectors.map((vector) => Array.from(vector));
}
