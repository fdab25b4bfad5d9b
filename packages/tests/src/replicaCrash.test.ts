import { cosineSimilarity } from '@akidb/embedding-provider';
import type { RunningServer } from '@akidb/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf } from './support/errorBodyCheck.js';
import { call } from './support/httpClient.js';
import { SMALL_MODEL, startTestServer } from './support/inProcessServer.js';
import { waitUntil } from './support/waitUntil.js';

const TEXTS = Array.from({ length: 8 }, (_, i) => `replica crash drill sentence ${i}, long enough to matter`);

let twoReplicas: RunningServer;
let oneReplica: RunningServer;
let reference: number[][];

async function embed(server: RunningServer): Promise<{ status: number; body: unknown }> {
  const res = await call(server.url, '/api/v1/embed', { body: { texts: TEXTS } });
  return { status: res.status, body: res.json };
}

beforeAll(async () => {
  // Batching off: each replica is then handed two batches at once (one running, one waiting in its
  // worker), so a worker that ends holds a batch it never ran. With batching on a replica holds only
  // the batch it runs, and ending it waits for that native call to return (the call gate), so the
  // drill could not be sure to catch a batch inside the worker.
  twoReplicas = await startTestServer({ replicas: 2, threads: 1, maxBatchSize: 4, batching: false });
  oneReplica = await startTestServer({ replicas: 1, threads: 1, batching: false });
  const first = await embed(twoReplicas);
  reference = (first.body as { embeddings: number[][] }).embeddings;
});

afterAll(async () => {
  await Promise.all([twoReplicas?.close(), oneReplica?.close()]);
});

describe('a session replica that dies mid-batch', () => {
  it('loses no accepted request: its batches retry on the other replica, and it restarts', async () => {
    const service = twoReplicas.server.context.service;
    const inFlight = Array.from({ length: 48 }, () => embed(twoReplicas));
    // Once a replica holds a running batch and a waiting one, end its worker thread for real.
    let busy = -1;
    await waitUntil(
      async () => {
        const perReplica = service.replicaStats().get(SMALL_MODEL)?.perReplica ?? [];
        busy = perReplica.findIndex((replica) => replica.inFlight >= 2);
        return busy >= 0;
      },
      3000,
      1,
    );
    expect(await service.terminateReplica(SMALL_MODEL, busy)).toBe(true);
    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    for (const result of results) {
      const vectors = (result.body as { embeddings: number[][] }).embeddings;
      for (const [i, vector] of vectors.entries()) {
        expect(cosineSimilarity(vector, reference[i] ?? [])).toBeGreaterThan(0.99999);
      }
    }
    await waitUntil(async () => service.replicaStats().get(SMALL_MODEL)?.alive === 2, 3000);
    const stats = service.replicaStats().get(SMALL_MODEL);
    expect(stats?.restarts).toBeGreaterThanOrEqual(1);
    // Runs were in flight on the replica that died, and went to the other one.
    expect(stats?.retried).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(`${twoReplicas.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`akidb_model_replicas\\{model="${SMALL_MODEL}",state="alive"\\} 2`));
    expect((await embed(twoReplicas)).status).toBe(200);
  });

  it('with no other replica, fails only the runs it held with a clean 503 REPLICA_FAILED, then serves again', async () => {
    const service = oneReplica.server.context.service;
    const inFlight = Array.from({ length: 24 }, () => embed(oneReplica));
    await waitUntil(async () => (service.replicaStats().get(SMALL_MODEL)?.inFlight ?? 0) >= 2, 3000, 1);
    expect(await service.terminateReplica(SMALL_MODEL, 0)).toBe(true);
    const results = await Promise.all(inFlight);
    const failed = results.filter((result) => result.status !== 200);
    // The batch waiting in the dead worker had nowhere to go; the run in progress finished first.
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const result of failed) {
      expect(result.status).toBe(503);
      expect(errorCodeOf('/api/v1/embed', result.body)).toBe('REPLICA_FAILED');
    }
    await waitUntil(async () => service.replicaStats().get(SMALL_MODEL)?.alive === 1, 3000);
    expect((await embed(oneReplica)).status).toBe(200);
    const health = await fetch(`${oneReplica.url}/health`);
    expect(health.status).toBe(200);
  });
});
