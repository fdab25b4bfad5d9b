import { AkidbError } from '@akidb/core';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { apiKeyAuth } from './apiKeyAuth.js';
import { deadlineMiddleware } from './deadlineMiddleware.js';
import { errorResponse } from './errorResponse.js';
import { limitBody } from './limitBody.js';
import { requestMetricsMiddleware } from './requestMetricsMiddleware.js';
import { registerAkidbRoutes } from './routes/akidbRoutes.js';
import { registerOpenAiRoutes } from './routes/openAiRoutes.js';
import { registerOpsRoutes } from './routes/opsRoutes.js';
import { registerTeiInfoRoutes } from './routes/teiInfoRoutes.js';
import { registerTeiRoutes } from './routes/teiRoutes.js';
import type { AppEnv, ServerContext } from './serverContext.js';
import { TIMING_HEADERS } from './timingHeaders.js';

/**
 * The Hono app: metrics → CORS (when configured) → API key (when configured) → deadline → body
 * limit → routes. Every error, thrown anywhere, goes through {@link errorResponse}.
 */
export function createApp(ctx: ServerContext): Hono<AppEnv> {
  const { config } = ctx;
  const app = new Hono<AppEnv>();
  app.use('*', requestMetricsMiddleware(ctx.metrics));
  if (config.corsOrigins.length > 0) {
    app.use(
      '*',
      cors({
        origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Authorization', 'Content-Type'],
        exposeHeaders: [...TIMING_HEADERS, 'Retry-After'],
        maxAge: 600,
      }),
    );
  }
  if (config.apiKey !== undefined) app.use('*', apiKeyAuth(config.apiKey));
  app.use('*', deadlineMiddleware(config.requestTimeoutMs));
  app.use('*', limitBody(config.maxBodyBytes));
  registerAkidbRoutes(app, ctx);
  registerOpenAiRoutes(app, ctx);
  registerTeiRoutes(app, ctx);
  registerTeiInfoRoutes(app, ctx);
  registerOpsRoutes(app, ctx);
  app.notFound((c) =>
    errorResponse(c, new AkidbError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), ctx.logger),
  );
  app.onError((error, c) => errorResponse(c, error, ctx.logger));
  return app;
}
