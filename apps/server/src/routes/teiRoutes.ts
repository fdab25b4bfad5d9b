import type { Hono } from 'hono';
import { checkTexts } from '../checkInputs.js';
import { readBody } from '../readBody.js';
import { teiEmbedRequestSchema } from '../schemas/teiSchemas.js';
import type { AppEnv, ServerContext } from '../serverContext.js';
import { runEmbed, toNumberArrays } from './runEmbed.js';

/** TEI's `POST /embed`: `{ inputs, normalize, truncate, truncation_direction, prompt_name, dimensions }` → `number[][]`. */
export function registerTeiRoutes(app: Hono<AppEnv>, ctx: ServerContext): void {
  app.post('/embed', async (c) => {
    const body = await readBody(c, teiEmbedRequestSchema);
    const texts = typeof body.inputs === 'string' ? [body.inputs] : body.inputs;
    const outcome = await runEmbed(c, ctx, {
      model: undefined,
      input: { kind: 'texts', texts: checkTexts(texts, ctx.config) },
      normalize: body.normalize,
      truncate: body.truncate,
      truncationDirection: body.truncation_direction,
      promptName: body.prompt_name ?? undefined,
      dimensions: body.dimensions ?? undefined,
    });
    return c.json(toNumberArrays(outcome.embeddings));
  });
}
