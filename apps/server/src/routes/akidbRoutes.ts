import type { Hono } from 'hono';
import { readBody } from '../readBody.js';
import { raceAbort } from '../requestDeadline.js';
import {
  type AkidbEmbedResponse,
  type AkidbModelsResponse,
  type AkidbTokenizeResponse,
  akidbEmbedRequestSchema,
  akidbTokenizeRequestSchema,
} from '../schemas/akidbSchemas.js';
import type { AppEnv, ServerContext } from '../serverContext.js';
import { runEmbed, toNumberArrays } from './runEmbed.js';

/** `POST /api/v1/embed`, `GET /api/v1/models`, `POST /api/v1/tokenize`: parse, one service call, serialize. */
export function registerAkidbRoutes(app: Hono<AppEnv>, ctx: ServerContext): void {
  app.post('/api/v1/embed', async (c) => {
    const body = await readBody(c, akidbEmbedRequestSchema);
    const result = await runEmbed(c, ctx, {
      model: body.model,
      texts: body.texts,
      normalize: body.normalize,
      truncate: body.truncate,
      truncationDirection: body.truncation_direction,
      promptName: body.prompt_name,
      dimensions: body.dimensions,
    });
    const response: AkidbEmbedResponse = {
      model: result.model,
      dimension: result.dimension,
      embeddings: toNumberArrays(result.embeddings),
      usage: { prompt_tokens: result.usage.promptTokens, total_tokens: result.usage.totalTokens },
    };
    return c.json(response);
  });

  app.get('/api/v1/models', (c) => {
    const response: AkidbModelsResponse = {
      default_model: ctx.service.defaultModel,
      models: ctx.service.listModels().map((model) => ({
        id: model.id,
        aliases: [...model.aliases],
        state: model.state,
        ...(model.reason === undefined ? {} : { reason: model.reason }),
        dimension: model.dimension,
        max_tokens: model.maxTokens,
        pooling: model.pooling,
        memory_bytes: model.memoryBytes,
        loaded: model.loaded,
        is_default: model.isDefault,
        ...(model.executionProvider === undefined ? {} : { execution_provider: model.executionProvider }),
      })),
    };
    return c.json(response);
  });

  app.post('/api/v1/tokenize', async (c) => {
    const body = await readBody(c, akidbTokenizeRequestSchema);
    const signal = c.get('signal');
    const tokenized = ctx.service.tokenize({
      model: body.model,
      texts: body.texts,
      truncate: body.truncate,
      truncationDirection: body.truncation_direction,
      promptName: body.prompt_name,
      signal,
    });
    const { model, results, usage } = await raceAbort(tokenized, signal);
    const response: AkidbTokenizeResponse = {
      model,
      results: results.map((row) => ({ ids: row.ids, tokens: row.tokens, token_count: row.tokenCount })),
      usage: { prompt_tokens: usage.promptTokens, total_tokens: usage.totalTokens },
    };
    return c.json(response);
  });
}
