import type { RunningServer } from '@akidb/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyFor, FUZZED_ROUTES } from './requestArbitraries.js';
import { errorResponseProblems, findLeaks } from './support/errorBodyCheck.js';
import { call, ledger, ledgerSummary, stillHealthy } from './support/httpClient.js';
import { startTestServer } from './support/inProcessServer.js';

const RUNS = Number(process.env.AKIDB_FUZZ_RUNS ?? 400);
const ALLOWED = new Set([200, 400, 404, 413]);

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
  console.log(`[figures] fuzz: ${RUNS} runs × ${FUZZED_ROUTES.length} routes; ${ledgerSummary()}`);
});

/** JSON-encodes values; sends strings and bytes as they are. */
const encode = (body: unknown): string | Uint8Array =>
  typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);

describe('fuzzed request bodies', () => {
  it.each(FUZZED_ROUTES.map((path) => [path] as const))(
    '%s: always 200 or a 4xx JSON error with a stable code, never 5xx, a stack or a path',
    async (path) => {
      await fc.assert(
        fc.asyncProperty(bodyFor(path), async (body) => {
          const sent = encode(body);
          const res = await call(server.url, path, { body: sent });
          const problems =
            res.status >= 400 ? errorResponseProblems(path, res.status, res.text) : findLeaks(res.text);
          expect({ status: ALLOWED.has(res.status) ? 'allowed' : res.status, problems }).toEqual({
            status: 'allowed',
            problems: [],
          });
          if (res.status === 200) expect(res.json).toBeDefined();
        }),
        { numRuns: RUNS },
      );
      expect(await stillHealthy(server.url)).toBe(true);
    },
  );

  it('every answer was 200 or 4xx, and both successes and rejections were exercised', () => {
    const statuses = [...ledger.byStatus.keys()];
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(ledger.byStatus.get(200)).toBeGreaterThan(FUZZED_ROUTES.length * 2);
    expect(ledger.byStatus.get(400)).toBeGreaterThan(RUNS);
    expect(ledger.problems).toEqual([]);
  });
});
