import type { ServerContext } from './serverContext.js';
import { SERVER_VERSION } from './serverVersion.js';

/** TEI's `GET /info` body, for the default model (TEI serves one model). */
export interface TeiInfoBody {
  model_id: string;
  model_sha: null;
  /** The dtype of the model's inputs and outputs: `float32` for every model here (int8 variants quantize weights). */
  model_dtype: string;
  served_model_name: string;
  model_type: { embedding: { pooling: string } };
  /** Most texts waiting per model before `OVERLOADED`. */
  max_concurrent_requests: number;
  max_input_length: number;
  max_batch_tokens: number;
  max_batch_requests: number;
  max_client_batch_size: number;
  /** False: `truncate` is honoured as sent (HTTP `/embed` defaults it to true, gRPC's unset bool is false). */
  auto_truncate: boolean;
  tokenization_workers: number;
  version: string;
  sha: null;
  docker_label: null;
}

/**
 * What TEI's `/info` and gRPC `Info` report, from the default model's `ModelInfo` (loading it if needed) and
 * the server's limits.
 */
export async function teiInfo(ctx: ServerContext, signal?: AbortSignal): Promise<TeiInfoBody> {
  const info = await ctx.service.modelInfo(ctx.service.defaultModel);
  signal?.throwIfAborted();
  return {
    model_id: info.id,
    model_sha: null,
    model_dtype: 'float32',
    served_model_name: info.id,
    model_type: { embedding: { pooling: info.pooling } },
    max_concurrent_requests: ctx.config.maxQueueTexts,
    max_input_length: info.maxTokens,
    max_batch_tokens: info.maxBatchTokens,
    max_batch_requests: info.maxBatchSize,
    max_client_batch_size: ctx.config.maxInputs,
    auto_truncate: false,
    // Tokenizing runs on the event loop, one call at a time.
    tokenization_workers: 1,
    version: SERVER_VERSION,
    sha: null,
    docker_label: null,
  };
}
