import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './startServer.js';
import { metricValue, postJson, REPO_MODELS_DIR, scrape } from './testSupport.js';

let server: RunningServer;

beforeAll(async () => {
  // The server owns its service here, so the cache events reach the metrics through onCacheEvent.
  server = await startServer({ port: 0, logLevel: 'silent', manifestsDirs: [REPO_MODELS_DIR] });
  expect(await server.preloaded).toBe(true);
});

afterAll(async () => {
  await server?.close();
});

/** Every `$ref` in `value`. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refs(inner, found);
    }
  }
  return found;
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document that describes every route the app serves, and nothing else', async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();

    const served = server.server.app.routes
      .filter((route) => route.method === 'GET' || route.method === 'POST')
      .map((route) => `${route.method.toLowerCase()} ${route.path}`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(new Set(documented)).toEqual(new Set(served));

    const operationIds = new Set<string>();
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        expect(operationIds.has(op.operationId)).toBe(false);
        operationIds.add(op.operationId);
        expect(Object.keys(op.responses).some((status) => status.startsWith('2'))).toBe(true);
      }
    }
    for (const ref of refs(doc)) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      expect(name && doc.components.schemas[name], ref).toBeTruthy();
    }
    expect(JSON.stringify(doc.components.schemas)).not.toContain('"$schema"');
  });
});

describe('GET /metrics', () => {
  it('exposes Prometheus text whose counters move with traffic', async () => {
    const before = await scrape(server.url);
    const embed = await postJson(`${server.url}/api/v1/embed`, { texts: ['one', 'two three'] });
    expect(embed.status).toBe(200);
    const bad = await postJson(`${server.url}/api/v1/embed`, { texts: [] });
    expect(bad.status).toBe(400);
    const after = await scrape(server.url);

    const requests = (samples: typeof before, status: string) =>
      metricValue(samples, 'akidb_http_requests_total', { route: '/api/v1/embed', method: 'POST', status });
    expect(requests(after, '200') - requests(before, '200')).toBe(1);
    expect(requests(after, '400') - requests(before, '400')).toBe(1);

    const tokens = (samples: typeof before) => metricValue(samples, 'akidb_tokens_total');
    expect(tokens(after) - tokens(before)).toBe(embed.body.usage.prompt_tokens);

    for (const stage of ['queue', 'tokenize', 'inference']) {
      const count = (samples: typeof before) =>
        metricValue(samples, 'akidb_embed_stage_duration_seconds_count', { stage });
      expect(count(after) - count(before), stage).toBe(1);
    }
    const rows = (samples: typeof before) => metricValue(samples, 'akidb_batch_size_sum');
    expect(rows(after) - rows(before)).toBe(2);
    expect(
      metricValue(after, 'akidb_http_request_duration_seconds_count', { route: '/api/v1/embed' }),
    ).toBeGreaterThan(0);
    expect(after.some((s) => s.name === 'akidb_queue_depth')).toBe(true);
  });

  it('reports the model cache', async () => {
    const samples = await scrape(server.url);
    expect(metricValue(samples, 'akidb_model_cache_loads_total')).toBeGreaterThanOrEqual(1);
    expect(metricValue(samples, 'akidb_model_cache_events_total', { type: 'load' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(metricValue(samples, 'akidb_model_load_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(metricValue(samples, 'akidb_model_cache_bytes')).toBeGreaterThan(0);
    expect(metricValue(samples, 'akidb_models_loaded')).toBeGreaterThanOrEqual(1);
    const hits = metricValue(samples, 'akidb_model_cache_hits_total');
    await postJson(`${server.url}/api/v1/embed`, { texts: ['again'] });
    expect(metricValue(await scrape(server.url), 'akidb_model_cache_hits_total')).toBeGreaterThan(hits);
  });

  it('labels unknown paths as unmatched', async () => {
    await fetch(`${server.url}/some/random/path`);
    const samples = await scrape(server.url);
    expect(
      metricValue(samples, 'akidb_http_requests_total', { route: 'unmatched', status: '404' }),
    ).toBeGreaterThan(0);
    expect(samples.some((s) => s.labels.route === '/some/random/path')).toBe(false);
  });
});
