import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningServer } from '@akidb/server';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_INPUT_CASES } from './badInputCases.js';
import { errorCodeOf } from './support/errorBodyCheck.js';
import { call, ledger, ledgerSummary, stillHealthy } from './support/httpClient.js';
import { SMALL_MODEL, startTestServer } from './support/inProcessServer.js';
import { createModelHome, type ModelHome } from './support/modelHome.js';

let home: ModelHome;
let server: RunningServer;

beforeAll(async () => {
  home = await createModelHome([SMALL_MODEL]);
  // A complete, loadable model outside `<home>/models`: reachable only by a path, never by the catalog.
  await home.derive('trap-model', SMALL_MODEL);
  await rename(join(home.home, 'models', 'trap-model'), join(home.home, 'trap-model'));
  server = await startTestServer({ home: home.home });
});

afterAll(async () => {
  await server?.close();
  await home?.cleanup();
  console.log(`[figures] badInput: ${BAD_INPUT_CASES.length} cases; ${ledgerSummary()}`);
});

describe('malformed requests get a specific code and status, and the server stays healthy', () => {
  it.each(BAD_INPUT_CASES.map((c) => [`${c.path}: ${c.name}`, c] as const))('%s', async (_, bad) => {
    const res = await call(server.url, bad.path, { body: bad.body });
    expect({ status: res.status, code: errorCodeOf(bad.path, res.json) }).toEqual({
      status: bad.status,
      code: bad.code,
    });
    expect(await stillHealthy(server.url)).toBe(true);
  });

  it('a __proto__ key does not pollute Object.prototype of the server process', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'texts')).toBe(false);
  });

  it('rejects a body that is not valid UTF-8 instead of embedding replacement characters', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"texts":["ab'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"]}'),
    ]);
    for (const path of ['/api/v1/embed', '/embed']) {
      const body =
        path === '/embed'
          ? Buffer.from(bytes.toString('latin1').replace('texts', 'inputs'), 'latin1')
          : bytes;
      const res = await call(server.url, path, { body: new Uint8Array(body) });
      expect({ path, status: res.status, code: errorCodeOf(path, res.json) }).toEqual({
        path,
        status: 400,
        code: 'INPUT_INVALID',
      });
    }
    expect(await stillHealthy(server.url)).toBe(true);
  });
});

const PATH_LIKE_IDS = [
  'no-such-model',
  '../trap-model',
  'trap-model',
  '../../etc/passwd',
  `../models/${SMALL_MODEL}`,
  `${SMALL_MODEL}/../${SMALL_MODEL}`,
  `./${SMALL_MODEL}`,
  `models/${SMALL_MODEL}`,
  '..',
  '.',
  '%2e%2e%2ftrap-model',
  '..\\trap-model',
  'C:\\Windows\\win.ini',
  `${SMALL_MODEL}\u0000`,
  'x'.repeat(10_000),
];

describe('model ids are looked up in the catalog, never joined into a path', () => {
  it.each(PATH_LIKE_IDS.map((id) => [JSON.stringify(id).slice(0, 60), id] as const))(
    '%s is MODEL_NOT_FOUND on every route that names a model',
    async (_, model) => {
      const requests = [
        { path: '/api/v1/embed', body: { model, texts: ['hello'] } },
        { path: '/api/v1/tokenize', body: { model, texts: ['hello'] } },
        { path: '/v1/embeddings', body: { model, input: 'hello' } },
      ];
      for (const { path, body } of requests) {
        const res = await call(server.url, path, { body });
        expect({ path, status: res.status, code: errorCodeOf(path, res.json) }).toEqual({
          path,
          status: 404,
          code: 'MODEL_NOT_FOUND',
        });
      }
    },
  );

  it('the trap model is loadable when the catalog knows it (so the 404s above are not load failures)', async () => {
    const trapHome = await createModelHome([SMALL_MODEL]);
    try {
      await trapHome.derive('trap-model', SMALL_MODEL);
      const other = await startTestServer({ home: trapHome.home });
      try {
        const res = await call(other.url, '/api/v1/embed', {
          body: { model: 'trap-model', texts: ['hello'] },
        });
        expect(res.status).toBe(200);
      } finally {
        await other.close();
      }
    } finally {
      await trapHome.cleanup();
    }
  });

  it('the catalog is unchanged: nothing outside it was registered by the lookups', async () => {
    const res = await call(server.url, '/api/v1/models');
    const ids: string[] = res.json.models.map((m: { id: string }) => m.id);
    expect(ids).not.toContain('trap-model');
    expect(ids.some((id) => id.includes('/') || id.includes('..'))).toBe(false);
  });
});

describe('routes and clients', () => {
  it('unknown routes and wrong methods are 404 NOT_FOUND in each dialect', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/embed'],
      ['GET', '/v1/embeddings'],
      ['GET', '/embed'],
      ['DELETE', '/api/v1/models'],
      ['POST', '/../../etc/passwd'],
      ['GET', '/api/v1/%2e%2e/%2e%2e/etc/passwd'],
    ] as const) {
      const res = await call(server.url, path, { method });
      expect({
        path,
        status: res.status,
        code: errorCodeOf(new URL(path, server.url).pathname, res.json),
      }).toEqual({
        path,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
  });

  it('the official OpenAI client gets a 400 INPUT_INVALID for out-of-vocabulary token ids', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const error = await client.embeddings
      .create({ model: SMALL_MODEL, input: [[101, 999_999, 102]] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('INPUT_INVALID');
    const ok = await client.embeddings.create({ model: SMALL_MODEL, input: [[101, 7592, 102]] });
    expect(ok.data[0]?.embedding).toHaveLength(384);
  });

  it('no error body leaked an internal path or a stack trace', () => {
    expect(ledger.errorBodies).toBeGreaterThan(BAD_INPUT_CASES.length);
    expect(ledger.problems).toEqual([]);
  });
});
