import { toNumbers } from '../encodeEmbeddings.js';
import type { ServerContext } from '../serverContext.js';
import type { TeiEmbedRequest, TeiEmbedResponse } from './teiMessages.js';

const NS_PER_MS = 1e6;

/** `Embed` for one message: parse, one `service.embed` call (the batching path HTTP uses), serialize. */
export async function embedMessage(
  ctx: ServerContext,
  request: TeiEmbedRequest,
  signal: AbortSignal,
): Promise<TeiEmbedResponse> {
  const text = request.inputs ?? '';
  const result = await ctx.service.embed({
    texts: [text],
    normalize: request.normalize ?? true,
    truncate: request.truncate ?? false,
    truncationDirection: request.truncation_direction === 'TRUNCATION_DIRECTION_LEFT' ? 'left' : 'right',
    ...(request.prompt_name === undefined ? {} : { promptName: request.prompt_name }),
    ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
    signal,
  });
  ctx.metrics.observeEmbed(result);
  const { timings } = result;
  return {
    embeddings: toNumbers(result.embeddings[0] ?? []),
    metadata: {
      compute_chars: text.length,
      compute_tokens: result.usage.promptTokens,
      total_time_ns: Math.round(timings.totalMs * NS_PER_MS),
      tokenization_time_ns: Math.round(timings.tokenizeMs * NS_PER_MS),
      queue_time_ns: Math.round(timings.queueMs * NS_PER_MS),
      inference_time_ns: Math.round(timings.inferenceMs * NS_PER_MS),
    },
  };
}
