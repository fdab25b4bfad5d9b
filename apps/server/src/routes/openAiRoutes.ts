import type { EmbedRequest } from '@akidb/embedding-provider';
import type { Hono } from 'hono';
import { float32ToBase64 } from '../float32ToBase64.js';
import { readBody } from '../readBody.js';
import {
  type OpenAiEmbeddingsRequest,
  type OpenAiEmbeddingsResponse,
  type OpenAiModelsList,
  openAiEmbeddingsRequestSchema,
} from '../schemas/openAiSchemas.js';
import type { AppEnv, ServerContext } from '../serverContext.js';
import { runEmbed } from './runEmbed.js';

/** `POST /v1/embeddings` and `GET /v1/models`, shaped like the OpenAI API. */
export function registerOpenAiRoutes(app: Hono<AppEnv>, ctx: ServerContext): void {
  app.post('/v1/embeddings', async (c) => {
    const body = await readBody(c, openAiEmbeddingsRequestSchema);
    const result = await runEmbed(c, ctx, {
      model: body.model,
      ...openAiInput(body.input),
      dimensions: body.dimensions,
    });
    const base64 = body.encoding_format === 'base64';
    const response: OpenAiEmbeddingsResponse = {
      object: 'list',
      data: result.embeddings.map((vector, index) => ({
        object: 'embedding',
        index,
        embedding: base64 ? float32ToBase64(vector) : Array.from(vector),
      })),
      model: result.model,
      usage: { prompt_tokens: result.usage.promptTokens, total_tokens: result.usage.totalTokens },
    };
    return c.json(response);
  });

  app.get('/v1/models', (c) => {
    const response: OpenAiModelsList = {
      object: 'list',
      data: ctx.service
        .listModels()
        .filter((model) => model.state !== 'unavailable')
        .map((model) => ({ id: model.id, object: 'model', created: 0, owned_by: 'akidb' })),
    };
    return c.json(response);
  });
}

/**
 * OpenAI's four input forms: a string, strings, one token-id array, or token-id arrays. An empty
 * array is an (empty) list of texts; the service validates either form.
 */
export function openAiInput(
  input: OpenAiEmbeddingsRequest['input'],
): Pick<EmbedRequest, 'texts' | 'tokenIds'> {
  if (typeof input === 'string') return { texts: [input] };
  if (input.length === 0 || typeof input[0] === 'string') return { texts: input as string[] };
  if (typeof input[0] === 'number') return { tokenIds: [input as number[]] };
  return { tokenIds: input as number[][] };
}
