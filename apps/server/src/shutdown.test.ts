import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startServer } from './startServer.js';
import { metricValue, postJson, REPO_MODELS_DIR, scrape, waitFor } from './testSupport.js';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const API_KEY = 'sigterm-test-key';
const TEXTS_PER_REQUEST = 24;
const REQUESTS = 6;
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

/** A handful of requests, several batches each, so some are queued when shutdown starts. */
function inFlight(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; count: number }[]> {
  const texts = (i: number) =>
    Array.from({ length: TEXTS_PER_REQUEST }, (_, j) => `request ${i} text ${j}: ${'some words '.repeat(3)}`);
  return Promise.all(
    Array.from({ length: REQUESTS }, (_, i) =>
      postJson(`${url}/api/v1/embed`, { texts: texts(i) }, { headers }).then((res) => ({
        status: res.status,
        count: res.body.embeddings?.length ?? -1,
      })),
    ),
  );
}

/** Every request has reached a handler (the scrape itself counts too) and some texts are queued. */
async function allArrived(url: string, headers: Record<string, string> = {}): Promise<boolean> {
  const samples = await scrape(url, headers);
  return (
    metricValue(samples, 'akidb_http_requests_in_flight') >= REQUESTS + 1 &&
    metricValue(samples, 'akidb_queue_depth') > 0
  );
}

describe('graceful shutdown', () => {
  it('close() finishes in-flight and queued requests, then stops listening and releases the models', async () => {
    const running = await startServer({
      port: 0,
      logLevel: 'silent',
      manifestsDirs: [REPO_MODELS_DIR],
      maxBatchSize: 2,
    });
    expect(await running.preloaded).toBe(true);
    const requests = inFlight(running.url);
    await waitFor(() => allArrived(running.url));
    await running.close();
    expect(await requests).toEqual(
      Array.from({ length: REQUESTS }, () => ({ status: 200, count: TEXTS_PER_REQUEST })),
    );
    await expect(fetch(`${running.url}/health`)).rejects.toThrow();
    expect(running.server.context.service.cacheStats().loaded).toEqual([]);
  });

  it('main.ts exits 0 on SIGTERM after answering the requests it had', async () => {
    const child: ChildProcessWithoutNullStreams = spawn(
      TSX,
      ['--conditions=@akidb/source', 'src/main.ts', '--port', '0', '--max-batch-size', '2'],
      { cwd: APP_DIR, env: { ...process.env, AKIDB_LOG_LEVEL: 'info', AKIDB_API_KEY: API_KEY } },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const logs: { msg?: string; url?: string; config?: Record<string, unknown> }[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const listening = new Promise<string>((resolve, reject) => {
      child.once('exit', () => reject(new Error(`server exited early: ${stderr}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as (typeof logs)[number];
        logs.push(entry);
        if (entry.msg === 'listening' && entry.url) resolve(entry.url);
      });
    });
    const url = await listening;
    const auth = { authorization: `Bearer ${API_KEY}` };
    await waitFor(async () => (await fetch(`${url}/ready`, { headers: auth })).status === 200, 600, 50);
    const requests = inFlight(url, auth);
    await waitFor(() => allArrived(url, auth));
    child.kill('SIGTERM');
    expect(await requests).toEqual(
      Array.from({ length: REQUESTS }, () => ({ status: 200, count: TEXTS_PER_REQUEST })),
    );
    expect(await exited).toBe(0);
    const printed = logs.filter((entry) => entry.msg === 'configuration');
    expect(printed).toHaveLength(1);
    expect(printed[0]?.config).toMatchObject({ port: 0, maxBatchSize: 2, apiKey: '[redacted]' });
    expect(JSON.stringify(logs)).not.toContain(API_KEY);
    expect(logs.some((entry) => entry.msg === 'shut down')).toBe(true);
  });
});
