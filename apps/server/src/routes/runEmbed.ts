import type { Context } from 'hono';
import type { EmbedJob, EmbedOutcome } from '../embedder.js';
import type { AppEnv, ServerContext } from '../serverContext.js';
import { setTimingHeaders } from '../timingHeaders.js';

/**
 * Runs one embedding job for a route: with the request's signal, recording stage metrics and
 * setting the timing headers on the response.
 */
export async function runEmbed(
  c: Context<AppEnv>,
  ctx: ServerContext,
  job: Omit<EmbedJob, 'signal'>,
): Promise<EmbedOutcome> {
  const outcome = await ctx.embedder.embed({ ...job, signal: c.get('signal') });
  ctx.metrics.observeEmbed(outcome);
  setTimingHeaders(c, outcome);
  return outcome;
}

/** Float32 vectors as plain number arrays for JSON. */
export function toNumberArrays(vectors: readonly Float32Array[]): number[][] {
  return vectors.map((vector) => Array.from(vector));
}
