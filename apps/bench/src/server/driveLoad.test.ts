import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveLoad, type RequestCompletion, requestBodies, summarizeWindow } from './driveLoad.js';

describe('requestBodies', () => {
  it('puts consecutive texts in each body and wraps around the list', () => {
    const bodies = requestBodies('m', ['a', 'b', 'c'], 2).map((body) => JSON.parse(body));
    expect(bodies).toEqual([
      { model: 'm', input: ['a', 'b'] },
      { model: 'm', input: ['c', 'a'] },
    ]);
    expect(requestBodies('m', ['a', 'b'], 1).map((body) => JSON.parse(body).input)).toEqual([['a'], ['b']]);
  });
});

describe('summarizeWindow', () => {
  const done = (endMs: number, status: number, failure: RequestCompletion['failure'] = null) =>
    ({ endMs, latencyMs: 5, status, texts: 4, failure }) satisfies RequestCompletion;

  it('counts only requests that complete inside the window, by outcome', () => {
    const summary = summarizeWindow(
      [
        done(50, 200),
        done(100, 200),
        done(150, 429),
        done(160, 0, 'timeout'),
        done(170, 0, 'error'),
        done(201, 200),
      ],
      100,
      200,
    );
    expect(summary).toEqual({
      windowS: 0.1,
      requests: 4,
      ok: 1,
      texts: 4,
      errors: 1,
      timeouts: 1,
      status429: 1,
      non2xx: 1,
      latenciesMs: [5],
    });
  });
});

describe('driveLoad against a real HTTP server on loopback', () => {
  let server: Server;
  let url = '';
  const seen: { input: string[] }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const parsed = JSON.parse(body) as { input: string[] };
        seen.push(parsed);
        // "busy" answers 429; everything else gets one vector per input after a short delay.
        const status = parsed.input.includes('busy') ? 429 : 200;
        setTimeout(() => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: parsed.input.map(() => ({ embedding: [1, 2, 3] })) }));
        }, 2);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps clients busy, counts texts and failures, and reads both CPU times', async () => {
    const result = await driveLoad({
      url,
      path: '/v1/embeddings',
      model: 'm',
      texts: ['one', 'two', 'three', 'busy'],
      clients: 3,
      textsPerRequest: 2,
      warmupS: 0.1,
      durationS: 0.4,
      serverPid: process.pid,
      timeoutMs: 5_000,
    });
    // The window is measured between the timers that really fired, not assumed.
    expect(result.windowS).toBeGreaterThan(0);
    expect(result.ok).toBeGreaterThan(0);
    expect(result.texts).toBe(result.ok * 2);
    expect(result.latenciesMs).toHaveLength(result.ok);
    expect(result.status429).toBeGreaterThan(0);
    expect(result.non2xx).toBe(result.status429);
    expect(result.requests).toBe(result.ok + result.non2xx);
    expect(result.firstError).toMatch(/^HTTP 429/);
    expect(result.cpu.loadGeneratorS).toBeGreaterThan(0);
    expect(result.cpu.serverS).toBeGreaterThan(0);
    // The server here is this process: its main thread is a part of its CPU time.
    expect(result.cpu.serverMainThreadS).toBeGreaterThan(0);
    expect(result.cpu.serverMainThreadS).toBeLessThanOrEqual(result.cpu.serverS as number);
    expect(seen.every((body) => body.input.length === 2)).toBe(true);
  });

  it('reports network errors without spinning when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await driveLoad({
      url: `http://127.0.0.1:${port}`,
      path: '/v1/embeddings',
      model: 'm',
      texts: ['one'],
      clients: 2,
      textsPerRequest: 1,
      warmupS: 0,
      durationS: 0.2,
      serverPid: null,
      timeoutMs: 1_000,
    });
    expect(result.ok).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.errors).toBeLessThan(100);
    expect(result.cpu.serverS).toBeNull();
    expect(result.cpu.serverMainThreadS).toBeNull();
    expect(result.firstError).toMatch(/ECONNREFUSED/);
  });
});
