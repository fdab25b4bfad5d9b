import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { ServerMetrics } from './serverMetrics.js';

/**
 * Counts every request by route pattern, method and status, times it, and tracks how many are in flight. Unmatched paths are
 * counted under the route `unmatched` so arbitrary URLs cannot blow up the label set.
 */
export function requestMetricsMiddleware(metrics: ServerMetrics): MiddlewareHandler {
  return async (c, next) => {
    const startedAt = performance.now();
    metrics.trackInFlight(1);
    try {
      await next();
    } finally {
      metrics.trackInFlight(-1);
    }
    const pattern = routePath(c, -1);
    const route = pattern.includes('*') ? 'unmatched' : pattern;
    metrics.observeRequest(route, c.req.method, c.res.status, (performance.now() - startedAt) / 1000);
  };
}
