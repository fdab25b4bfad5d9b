import type { Hono } from 'hono';
import { buildOpenApiDocument } from '../openApiDocument.js';
import type { AppEnv, ServerContext } from '../serverContext.js';

/** `GET /health`, `/ready`, `/metrics` and `/openapi.json`. */
export function registerOpsRoutes(app: Hono<AppEnv>, ctx: ServerContext): void {
  app.get('/health', (c) => c.json({ status: 'ok' as const }));

  app.get('/ready', (c) => {
    const model = ctx.service.defaultModel;
    const ready = ctx.service.isLoaded(model);
    return c.json({ status: ready ? ('ready' as const) : ('not_ready' as const), model }, ready ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    const { body, contentType } = await ctx.metrics.render();
    return c.body(body, 200, { 'content-type': contentType });
  });

  let document: Record<string, unknown> | undefined;
  app.get('/openapi.json', (c) => {
    document ??= buildOpenApiDocument({ apiKey: ctx.config.apiKey !== undefined });
    return c.json(document);
  });
}
