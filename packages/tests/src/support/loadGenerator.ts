import { call } from './httpClient.js';

/** One finished request of a load run. */
export interface LoadSample {
  status: number | 'error';
  ms: number;
  retryAfter: string | null;
}

/** What a load phase sent and got. */
export interface LoadResult {
  samples: LoadSample[];
  durationMs: number;
  /** Most requests in flight at once. */
  maxInFlight: number;
}

/**
 * Closed loop: `concurrency` clients send `body` back to back for `durationMs`. The completion rate
 * is the server's capacity at that concurrency.
 */
export async function closedLoop(
  url: string,
  path: string,
  body: (i: number) => unknown,
  concurrency: number,
  durationMs: number,
): Promise<LoadResult> {
  const samples: LoadSample[] = [];
  const started = performance.now();
  let next = 0;
  const client = async (): Promise<void> => {
    while (performance.now() - started < durationMs) await send(url, path, body(next++), samples);
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { samples, durationMs: performance.now() - started, maxInFlight: concurrency };
}

/**
 * Open loop: requests arrive at `ratePerSecond` for `durationMs`, whether or not earlier ones have
 * been answered (as independent clients do); waits for every one to finish.
 */
export async function openLoop(
  url: string,
  path: string,
  body: (i: number) => unknown,
  ratePerSecond: number,
  durationMs: number,
): Promise<LoadResult> {
  const samples: LoadSample[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let fired = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  while (performance.now() - started < durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * ratePerSecond);
    for (; fired < due; fired++) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push(
        send(url, path, body(fired), samples).finally(() => {
          inFlight -= 1;
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(pending);
  return { samples, durationMs: performance.now() - started, maxInFlight };
}

async function send(url: string, path: string, body: unknown, samples: LoadSample[]): Promise<void> {
  const started = performance.now();
  try {
    const res = await call(url, path, { body });
    samples.push({
      status: res.status,
      ms: performance.now() - started,
      retryAfter: res.headers.get('retry-after'),
    });
  } catch {
    samples.push({ status: 'error', ms: performance.now() - started, retryAfter: null });
  }
}

/** Count of samples per status. */
export function countStatuses(samples: readonly LoadSample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sample of samples) counts[String(sample.status)] = (counts[String(sample.status)] ?? 0) + 1;
  return counts;
}
