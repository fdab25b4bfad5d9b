import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ledger, ledgerSummary } from './support/httpClient.js';
import { SMALL_MODEL } from './support/inProcessServer.js';
import { readProcessMemory, type ServerProcess, spawnServer, waitReady } from './support/serverProcess.js';

const MB = 1024 * 1024;
const LIMIT = MB;
const HUGE = 50 * MB;

let server: ServerProcess;

beforeAll(async () => {
  server = await spawnServer([
    '--port',
    '0',
    '--default-model',
    SMALL_MODEL,
    '--max-body-bytes',
    String(LIMIT),
  ]);
  await waitReady(server.url);
  // Warm the request path so the first measurement is not the JIT's.
  for (let i = 0; i < 20; i++) await call(server.url, '/api/v1/embed', { body: { texts: ['warm up'] } });
});

afterAll(async () => {
  await server?.stop();
  console.log(`[figures] bodyLimits: ${ledgerSummary()}`);
});

/** Runs `send` while sampling the server's RSS every 2 ms; returns the answer and the RSS rise. */
async function measured<T>(send: () => Promise<T>): Promise<{ result: T; peakRiseMB: number; ms: number }> {
  const baseline = readProcessMemory(server.pid).rssBytes;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, readProcessMemory(server.pid).rssBytes);
  }, 2);
  const started = performance.now();
  try {
    const result = await send();
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { result, peakRiseMB: (peak - baseline) / MB, ms };
  } finally {
    clearInterval(sampler);
  }
}

/** A body of `total` bytes streamed in 64 KiB chunks, without Content-Length (chunked). */
function chunkedBody(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

describe('body limits are enforced before the body is buffered or parsed', () => {
  it('a body just under the limit is read and parsed (and judged on its content)', async () => {
    const texts = Array.from({ length: 16 }, (_, i) => `${i} ${'x'.repeat(60_000)}`);
    const res = await call(server.url, '/api/v1/embed', { body: { texts } });
    expect(Buffer.byteLength(JSON.stringify({ texts }))).toBeLessThan(LIMIT);
    expect(res.status).toBe(200);
  });

  it('a 50 MB body with Content-Length gets 413 PAYLOAD_TOO_LARGE and the RSS does not rise by 50 MB', async () => {
    const { result, peakRiseMB, ms } = await measured(() =>
      call(server.url, '/api/v1/embed', { body: new Uint8Array(HUGE).fill(0x61) }),
    );
    expect(result.status).toBe(413);
    expect(result.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    console.log(
      `[figures] bodyLimits: 50 MB with Content-Length -> 413 in ${Math.round(ms)} ms, server RSS peak +${peakRiseMB.toFixed(1)} MB`,
    );
    expect(peakRiseMB).toBeLessThan(HUGE / MB);
  });

  it('a 50 MB chunked body (no Content-Length) gets 413 and the RSS does not rise by 50 MB', async () => {
    const { result, peakRiseMB, ms } = await measured(async () => {
      const response = await fetch(`${server.url}/api/v1/embed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: chunkedBody(HUGE),
        duplex: 'half',
      } as RequestInit);
      const text = await response.text();
      return { status: response.status, text };
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.text).error.code).toBe('PAYLOAD_TOO_LARGE');
    console.log(
      `[figures] bodyLimits: 50 MB chunked -> 413 in ${Math.round(ms)} ms, server RSS peak +${peakRiseMB.toFixed(1)} MB`,
    );
    expect(peakRiseMB).toBeLessThan(HUGE / MB);
  });

  it('the same limit applies on the OpenAI and TEI routes, in their error shapes', async () => {
    const body = new Uint8Array(8 * LIMIT).fill(0x61);
    const openai = await call(server.url, '/v1/embeddings', { body });
    expect({ status: openai.status, code: openai.json.error.code }).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    const tei = await call(server.url, '/embed', { body });
    expect({ status: tei.status, code: tei.json.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('an oversize body always gets its 413 (never a reset connection), and the next request works', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const big = await call(server.url, '/api/v1/embed', {
        body: new Uint8Array(2 * LIMIT).fill(0x61),
      }).then(
        (res) => String(res.status),
        (error: Error) => `${error.message}: ${(error.cause as Error | undefined)?.message}`,
      );
      const next = await call(server.url, '/api/v1/embed', { body: { texts: ['next'] } }).then(
        (res) => String(res.status),
        (error: Error) => `${error.message}: ${(error.cause as Error | undefined)?.message}`,
      );
      outcomes.push(`${big} then ${next}`);
    }
    const failed = outcomes.filter((o) => o !== '413 then 200');
    console.log(
      `[figures] bodyLimits: ${failed.length} of 20 oversize requests (or the request after) failed: ${failed[0] ?? '-'}`,
    );
    expect(failed).toEqual([]);
  });

  it('the server is healthy afterwards and no error body leaked a path or a stack', async () => {
    expect((await call(server.url, '/health')).status).toBe(200);
    expect((await call(server.url, '/api/v1/embed', { body: { texts: ['after'] } })).status).toBe(200);
    expect(ledger.problems).toEqual([]);
  });
});
