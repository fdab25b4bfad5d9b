import type { Hono } from 'hono';
import { readBody } from '../readBody.js';
import { raceAbort } from '../requestDeadline.js';
import { teiDecodeRequestSchema } from '../schemas/teiSchemas.js';
import type { AppEnv, ServerContext } from '../serverContext.js';
import { teiInfo } from '../teiInfo.js';

/**
 * TEI's read routes besides `/embed`: `GET /info` (the default model and the limits) and `POST /decode`
 * (`{ ids, skip_special_tokens }` → `string[]`, with the default model's tokenizer).
 */
export function registerTeiInfoRoutes(app: Hono<AppEnv>, ctx: ServerContext): void {
  app.get('/info', async (c) => {
    const signal = c.get('signal');
    return c.json(await raceAbort(teiInfo(ctx, signal), signal));
  });

  app.post('/decode', async (c) => {
    const body = await readBody(c, teiDecodeRequestSchema);
    const batch = isBatch(body.ids) ? body.ids : [body.ids];
    const signal = c.get('signal');
    const { texts } = await raceAbort(
      ctx.service.decode({ ids: batch, skipSpecialTokens: body.skip_special_tokens }),
      signal,
    );
    return c.json(texts);
  });
}

function isBatch(ids: number[] | number[][]): ids is number[][] {
  return Array.isArray(ids[0]);
}
