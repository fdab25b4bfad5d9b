import type { Hono } from 'hono';
import { readBody } from '../readBody.js';
import { teiEmbedRequestSchema } from '../schemas/teiSchemas.js';
import type { AppEnv, ServerContext } from '../serverContext.js';
import { runEmbed, toNumberArrays } from './runEmbed.js';

/** TEI's `POST /embed`: `{ inputs, normalize, truncate, truncation_direction, prompt_name, dimensions }` → `number[][]`. */
export function registerTeiRoutes(app: Hono<AppEnv>, ctx: ServerContext): void {
  app.post('/embed', async (c) => {
    const body = await readBody(c, teiEmbedRequestSchema);
    const result = await runEmbed(c, ctx, {
      texts: typeof body.inputs === 'string' ? [body.inputs] : body.inputs,
      normalize: body.normalize,
      truncate: body.truncate,
      truncationDirection: body.truncation_direction,
      promptName: body.prompt_name ?? undefined,
      dimensions: body.dimensions ?? undefined,
    });
    return c.json(toNumberArrays(result.embeddings));
  });
}
