import { networkInterfaces } from 'node:os';
import { DEFAULT_CONFIG, type RunningServer, resolveConfig } from '@akidb/server';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf } from './support/errorBodyCheck.js';
import { call, ledger, ledgerSummary } from './support/httpClient.js';
import { SMALL_MODEL, startTestServer } from './support/inProcessServer.js';
import { spawnServer } from './support/serverProcess.js';

const KEY = 'sk-akidb-0123456789abcdef';
const ORIGIN = 'https://app.example';

let open: RunningServer;
let locked: RunningServer;

beforeAll(async () => {
  open = await startTestServer();
  locked = await startTestServer({ apiKey: KEY, corsOrigins: [ORIGIN] });
});

afterAll(async () => {
  await Promise.all([open?.close(), locked?.close()]);
  console.log(`[figures] security: ${ledgerSummary()}`);
});

const ROUTES: readonly { method: string; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/ready' },
  { method: 'GET', path: '/metrics' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/api/v1/models' },
  { method: 'GET', path: '/v1/models' },
  { method: 'POST', path: '/api/v1/embed', body: { texts: ['a'] } },
  { method: 'POST', path: '/api/v1/tokenize', body: { texts: ['a'] } },
  { method: 'POST', path: '/v1/embeddings', body: { input: 'a' } },
  { method: 'POST', path: '/embed', body: { inputs: 'a' } },
  { method: 'GET', path: '/no/such/route' },
];

const WRONG: readonly [string, Record<string, string>][] = [
  ['no Authorization header', {}],
  ['a wrong key of the same length', { authorization: `Bearer ${'x'.repeat(KEY.length)}` }],
  ['a shorter key', { authorization: 'Bearer sk' }],
  ['a much longer key', { authorization: `Bearer ${KEY.repeat(40)}` }],
  ['the key with one more character', { authorization: `Bearer ${KEY}0` }],
  ['the key minus its last character', { authorization: `Bearer ${KEY.slice(0, -1)}` }],
  ['the key in another case', { authorization: `Bearer ${KEY.toUpperCase()}` }],
  ['the key without the Bearer scheme', { authorization: KEY }],
  ['Basic credentials', { authorization: `Basic ${Buffer.from(`user:${KEY}`).toString('base64')}` }],
  ['an empty Bearer', { authorization: 'Bearer ' }],
  ['the key in x-api-key instead', { 'x-api-key': KEY }],
];

describe('API key', () => {
  it.each(WRONG.map(([name, headers]) => [name, headers] as const))(
    '%s: 401 UNAUTHORIZED on every route but /health',
    async (_, headers) => {
      for (const route of ROUTES) {
        const res = await call(locked.url, route.path, { method: route.method, body: route.body, headers });
        expect({ path: route.path, status: res.status, code: errorCodeOf(route.path, res.json) }).toEqual({
          path: route.path,
          status: 401,
          code: 'UNAUTHORIZED',
        });
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
      }
      expect((await call(locked.url, '/health', { headers })).status).toBe(200);
    },
  );

  it('the right key opens every route', async () => {
    for (const route of ROUTES.filter((r) => r.path !== '/no/such/route')) {
      const res = await call(locked.url, route.path, {
        method: route.method,
        body: route.body,
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect({ path: route.path, status: res.status }).toEqual({ path: route.path, status: 200 });
    }
  });

  it('an unauthenticated request is refused before its body is read or parsed', async () => {
    const malformed = await call(locked.url, '/api/v1/embed', { body: '{"texts": [' });
    expect(malformed.status).toBe(401);
    const huge = await call(locked.url, '/api/v1/embed', { body: new Uint8Array(20 * 1024 * 1024) });
    expect(huge.status).toBe(401);
  });

  it('the official OpenAI client: AuthenticationError with a wrong key, embeddings with the right one', async () => {
    const wrong = new OpenAI({ baseURL: `${locked.url}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
    const error = await wrong.embeddings.create({ model: SMALL_MODEL, input: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const right = new OpenAI({ baseURL: `${locked.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const ok = await right.embeddings.create({ model: SMALL_MODEL, input: 'hi' });
    expect(ok.data[0]?.embedding).toHaveLength(384);
  });

  it('the key never appears in a response', async () => {
    const doc = await call(locked.url, '/openapi.json', { headers: { authorization: `Bearer ${KEY}` } });
    const metrics = await call(locked.url, '/metrics', { headers: { authorization: `Bearer ${KEY}` } });
    expect(doc.text).not.toContain(KEY);
    expect(metrics.text).not.toContain(KEY);
  });
});

const preflight = (url: string, origin: string, path = '/api/v1/embed') =>
  call(url, path, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

describe('CORS', () => {
  it('is off by default: no Access-Control-Allow-Origin on preflights or responses', async () => {
    const pre = await preflight(open.url, ORIGIN);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const res = await call(open.url, '/api/v1/embed', {
      body: { texts: ['a'] },
      headers: { origin: ORIGIN },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('when configured, answers preflights for allowed origins before auth, and only for them', async () => {
    const pre = await preflight(locked.url, ORIGIN);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const res = await call(locked.url, '/api/v1/embed', {
      body: { texts: ['a'] },
      headers: { origin: ORIGIN, authorization: `Bearer ${KEY}` },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
    const stranger = await preflight(locked.url, 'https://evil.example');
    expect(stranger.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    expect(stranger.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('"*" allows any origin', async () => {
    const any = await startTestServer({ corsOrigins: ['*'] });
    try {
      const pre = await preflight(any.url, 'https://anywhere.example');
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await any.close();
    }
  });
});

describe('network exposure', () => {
  it('binds to 127.0.0.1 by default', () => {
    expect(DEFAULT_CONFIG.host).toBe('127.0.0.1');
    expect(resolveConfig({}).host).toBe('127.0.0.1');
  });

  it('main.ts with no --host listens on loopback only', async () => {
    const child = await spawnServer(['--port', '0', '--default-model', SMALL_MODEL]);
    try {
      const { hostname, port } = new URL(child.url);
      expect(hostname).toBe('127.0.0.1');
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal);
      if (external) {
        const reached = await fetch(`http://${external.address}:${port}/health`).then(
          () => true,
          () => false,
        );
        expect({ address: external.address, reached }).toEqual({ address: external.address, reached: false });
      }
      expect((await call(child.url, '/health')).status).toBe(200);
    } finally {
      await child.stop();
    }
  });

  it('responses do not advertise the framework', async () => {
    const res = await call(open.url, '/health');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('server')).toBeNull();
  });

  it('no error body leaked an internal path or a stack trace', () => {
    expect(ledger.errorBodies).toBeGreaterThan(WRONG.length * ROUTES.length);
    expect(ledger.problems).toEqual([]);
  });
});
