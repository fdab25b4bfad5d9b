import type { Hono } from 'hono';
import { checkTexts } from '../checkInputs.js';
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

/** `POST /api/v1/embed`, `GET /api/v1/models`, `POST /api/v1/tokenize`. */
export function registerAkidbRoutes(app: Hono<AppEnv>, ctx: ServerContext): void {
  app.post('/api/v1/embed', async (c) => {
    const body = await readBody(c, akidbEmbedRequestSchema);
    const outcome = await runEmbed(c, ctx, {
      model: body.model,
      input: { kind: 'texts', texts: checkTexts(body.texts, ctx.config) },
      normalize: body.normalize,
      truncate: body.truncate,
      truncationDirection: body.truncation_direction,
      promptName: body.prompt_name,
      dimensions: body.dimensions,
    });
    const response: AkidbEmbedResponse = {
      model: outcome.model,
      dimension: outcome.dimension,
      embeddings: toNumberArrays(outcome.embeddings),
      usage: { prompt_tokens: outcome.promptTokens, total_tokens: outcome.promptTokens },
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
      })),
    };
    return c.json(response);
  });

  app.post('/api/v1/tokenize', async (c) => {
    const body = await readBody(c, akidbTokenizeRequestSchema);
    const texts = checkTexts(body.texts, ctx.config);
    const signal = c.get('signal');
    const model = ctx.service.resolveModelId(body.model);
    const work = ctx.service.withModel(model, async (provider) => {
      const encoded = await provider.encode(texts, {
        truncate: body.truncate,
        truncationDirection: body.truncation_direction,
        ...(body.prompt_name === undefined ? {} : { promptName: body.prompt_name }),
        signal,
      });
      return encoded.map((row) => {
        const ids = Array.from(row.ids);
        return { ids, tokens: ids.map((id) => provider.idToToken(id) ?? ''), token_count: row.tokenCount };
      });
    });
    const results = await raceAbort(work, signal);
    const total = results.reduce((sum, row) => sum + row.token_count, 0);
    const response: AkidbTokenizeResponse = {
      model,
      results,
      usage: { prompt_tokens: total, total_tokens: total },
    };
    return c.json(response);
  });
}
