import type { Hono } from 'hono';
import { encodeEmbeddings, precisionOf } from '../encodeEmbeddings.js';
import { readBody } from '../readBody.js';
import { teiEmbedRequestSchema } from '../schemas/teiSchemas.js';
import type { AppEnv, ServerContext } from '../serverContext.js';
import { runEmbed } from './runEmbed.js';

/** Windows per input with `long_input: "chunk"`, comma separated (the TEI body is a bare array). */
export const CHUNKS_HEADER = 'x-akidb-chunks';

/**
 * TEI's `POST /embed`: `{ inputs, normalize, truncate, truncation_direction, prompt_name, dimensions }` →
 * `number[][]`, plus the AkiDB extensions `encoding_format` and `long_input`.
 */
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
      longInput: body.long_input,
      precision: precisionOf(body.encoding_format),
    });
    if (result.chunks) c.header(CHUNKS_HEADER, result.chunks.join(','));
    return c.json(encodeEmbeddings(result, body.encoding_format));
  });
}
