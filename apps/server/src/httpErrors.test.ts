import { createEmbeddingService, type EmbeddingService } from '@akidb/embedding-provider';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './serverConfig.js';
import { serviceOptionsFor } from './serviceOptions.js';
import { type RunningServer, startServer } from './startServer.js';
import { postJson, REPO_MODELS_DIR } from './testSupport.js';

const API_KEY = 'test-key-0123456789';

let service: EmbeddingService;
let server: RunningServer;
let small: RunningServer;
let authed: RunningServer;
let broken: RunningServer;

beforeAll(async () => {
  const settings = resolveConfig({ manifestsDirs: [REPO_MODELS_DIR] });
  service = await createEmbeddingService({ ...serviceOptionsFor(settings), offline: true });
  const quiet = { port: 0, logLevel: 'silent' };
  server = await startServer(quiet, { service });
  small = await startServer({ ...quiet, maxBodyBytes: 1024 }, { service });
  authed = await startServer(
    { ...quiet, apiKey: API_KEY, corsOrigins: ['https://app.example'] },
    { service },
  );
  // The real service, except that listing models fails with a plain Error (an unexpected failure).
  const failing: EmbeddingService = Object.create(service, {
    listModels: {
      value: () => {
        throw new Error('EACCES: /secret/internal/path');
      },
    },
  });
  broken = await startServer(quiet, { service: failing });
  await server.preloaded;
});

afterAll(async () => {
  await Promise.all([server, small, authed, broken].map((s) => s?.close()));
  await service?.close();
});

interface ErrorCase {
  name: string;
  path: string;
  body: unknown;
  status: number;
  code: string;
}

const EMBED = '/api/v1/embed';
const CASES: ErrorCase[] = [
  {
    name: 'unknown model',
    path: EMBED,
    body: { model: 'no-such-model', texts: ['a'] },
    status: 404,
    code: 'MODEL_NOT_FOUND',
  },
  { name: 'malformed JSON', path: EMBED, body: '{"texts": [', status: 400, code: 'INPUT_INVALID' },
  {
    name: 'schema violation',
    path: EMBED,
    body: { texts: 'not a list' },
    status: 400,
    code: 'INPUT_INVALID',
  },
  { name: 'empty list', path: EMBED, body: { texts: [] }, status: 400, code: 'INPUT_EMPTY' },
  { name: 'blank text', path: EMBED, body: { texts: ['ok', '   '] }, status: 400, code: 'INPUT_EMPTY' },
  {
    name: 'too many inputs',
    path: EMBED,
    body: { texts: Array.from({ length: 2049 }, () => 'x') },
    status: 400,
    code: 'INPUT_TOO_MANY',
  },
  {
    name: 'too many characters',
    path: EMBED,
    body: { texts: ['x'.repeat(65_537)] },
    status: 400,
    code: 'INPUT_TOO_LONG',
  },
  {
    name: 'too many tokens without truncation',
    path: EMBED,
    body: { texts: ['word '.repeat(600)], truncate: false },
    status: 400,
    code: 'INPUT_TOO_LONG',
  },
  {
    name: 'bad dimensions',
    path: EMBED,
    body: { texts: ['a'], dimensions: 1000 },
    status: 400,
    code: 'DIMENSIONS_INVALID',
  },
  {
    name: 'unknown prompt name',
    path: EMBED,
    body: { texts: ['a'], prompt_name: 'nope' },
    status: 400,
    code: 'INPUT_INVALID',
  },
  {
    name: 'tokenize: unknown model',
    path: '/api/v1/tokenize',
    body: { model: 'zzz', texts: ['a'] },
    status: 404,
    code: 'MODEL_NOT_FOUND',
  },
  { name: 'unknown route', path: '/api/v1/nothing', body: {}, status: 404, code: 'NOT_FOUND' },
];

describe('errors on the AkiDB routes: { error: { code, message, details? } }', () => {
  it.each(CASES)('$name → $status $code', async ({ path, body, status, code }) => {
    const res = await postJson(`${server.url}${path}`, body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    expect(Object.keys(res.body)).toEqual(['error']);
  });

  it('names the available models and the offending field', async () => {
    const unknown = await postJson(`${server.url}${EMBED}`, { model: 'no-such-model', texts: ['a'] });
    expect(unknown.body.error.details.available).toContain(service.defaultModel);
    const schema = await postJson(`${server.url}${EMBED}`, { texts: ['a'], normalize: 'yes' });
    expect(schema.body.error.details.param).toBe('normalize');
  });

  it('answers 503 OFFLINE for a known model that is not installed while offline', async () => {
    const hubOnly = service.listModels().find((m) => m.state !== 'installed');
    expect(hubOnly).toBeDefined();
    const res = await postJson(`${server.url}${EMBED}`, { model: hubOnly?.id, texts: ['a'] });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('OFFLINE');
    expect(res.body.error.details.model).toBe(hubOnly?.id);
  });

  it('hides unexpected errors behind 500 INTERNAL with a generic message', async () => {
    const res = await fetch(`${broken.url}/api/v1/models`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(text).not.toContain('secret');
  });
});

describe('413: the body limit is enforced while reading', () => {
  const big = JSON.stringify({ texts: ['x'.repeat(4096)] });

  it('rejects a declared Content-Length over the limit', async () => {
    const res = await postJson(`${small.url}${EMBED}`, big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('rejects a chunked body once it passes the limit', async () => {
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 512) controller.enqueue(bytes.subarray(i, i + 512));
        controller.close();
      },
    });
    const res = await fetch(`${small.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe("errors on the OpenAI route: OpenAI's nested shape", () => {
  it('surfaces through the official client with our stable code', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const error = await client.embeddings
      .create({ model: 'no-such-model', input: 'a' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('MODEL_NOT_FOUND');
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).type).toBe('invalid_request_error');
  });

  it('rejects token ids outside the vocabulary and empty input', async () => {
    const outside = await postJson(`${server.url}/v1/embeddings`, { input: [[101, 999_999, 102]] });
    expect(outside.status).toBe(400);
    expect(outside.body.error).toMatchObject({
      code: 'INPUT_INVALID',
      type: 'invalid_request_error',
      param: 'input',
    });
    const empty = await postJson(`${server.url}/v1/embeddings`, { input: '' });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(empty.body.error.code).toBe('INPUT_EMPTY');
  });
});

describe('errors on the TEI route: { error, error_type, code }', () => {
  it('uses the TEI shape with our code', async () => {
    const res = await postJson(`${server.url}/embed`, { inputs: [] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.any(String), error_type: 'Empty', code: 'INPUT_EMPTY' });
    const schema = await postJson(`${server.url}/embed`, { inputs: 42 });
    expect(schema.body).toMatchObject({ error_type: 'Validation', code: 'INPUT_INVALID' });
  });
});

describe('API key auth', () => {
  const routes: [string, string, unknown?][] = [
    ['POST', '/api/v1/embed', { texts: ['a'] }],
    ['GET', '/api/v1/models'],
    ['POST', '/api/v1/tokenize', { texts: ['a'] }],
    ['POST', '/v1/embeddings', { input: 'a' }],
    ['GET', '/v1/models'],
    ['POST', '/embed', { inputs: 'a' }],
    ['GET', '/ready'],
    ['GET', '/metrics'],
    ['GET', '/openapi.json'],
  ];

  const call = (method: string, path: string, body: unknown, authorization?: string) =>
    fetch(`${authed.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it.each(routes)('%s %s needs the key (401) and works with it', async (method, path, body) => {
    for (const authorization of [undefined, 'Bearer wrong-key', `Basic ${API_KEY}`]) {
      const res = await call(method, path, body, authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const payload = (await res.json()) as { error: { code: string } | string; code?: string };
      const code = typeof payload.error === 'string' ? payload.code : payload.error.code; // TEI is flat
      expect(code).toBe('UNAUTHORIZED');
    }
    expect((await call(method, path, body, `Bearer ${API_KEY}`)).status).toBe(200);
  });

  it('leaves /health open', async () => {
    expect((await fetch(`${authed.url}/health`)).status).toBe(200);
  });

  it('works with the official client and its apiKey', async () => {
    const good = new OpenAI({ baseURL: `${authed.url}/v1`, apiKey: API_KEY, maxRetries: 0 });
    expect((await good.embeddings.create({ model: service.defaultModel, input: 'a' })).data).toHaveLength(1);
    const bad = new OpenAI({ baseURL: `${authed.url}/v1`, apiKey: 'nope', maxRetries: 0 });
    const error = await bad.embeddings
      .create({ model: service.defaultModel, input: 'a' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('UNAUTHORIZED');
  });

  it('is off by default', async () => {
    expect((await fetch(`${server.url}/api/v1/models`)).status).toBe(200);
  });
});

describe('CORS', () => {
  it('is off by default', async () => {
    const res = await fetch(`${server.url}/health`, { headers: { origin: 'https://app.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers preflight for configured origins without the API key, and exposes the timing headers', async () => {
    const preflight = await fetch(`${authed.url}/v1/embeddings`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const res = await fetch(`${authed.url}/embed`, {
      method: 'POST',
      headers: {
        origin: 'https://app.example',
        authorization: `Bearer ${API_KEY}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ inputs: 'a' }),
    });
    expect(res.headers.get('access-control-expose-headers')).toContain('x-akidb-total-ms');
    const other = await fetch(`${authed.url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
