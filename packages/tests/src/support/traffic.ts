import { call } from './httpClient.js';

/** What a {@link backgroundTraffic} loop sent and got. */
export interface TrafficReport {
  sent: number;
  /** Count of responses per status (network failures under `error`). */
  statuses: Record<string, number>;
}

/** A running traffic loop. */
export interface Traffic {
  /** Stops sending, waits for the requests in flight, and reports. */
  stop(): Promise<TrafficReport>;
}

/**
 * Keeps `concurrency` clients sending `body` to `base + path` back to back until stopped.
 *
 * @example
 * const traffic = backgroundTraffic(url, { texts: ['hi'] }, 4);
 * await somethingElse();
 * const report = await traffic.stop(); // { sent, statuses: { 200: sent } }
 */
export function backgroundTraffic(
  base: string,
  body: unknown,
  concurrency: number,
  path = '/api/v1/embed',
): Traffic {
  let running = true;
  const report: TrafficReport = { sent: 0, statuses: {} };
  const count = (key: string): void => {
    report.statuses[key] = (report.statuses[key] ?? 0) + 1;
  };
  const client = async (): Promise<void> => {
    while (running) {
      report.sent += 1;
      try {
        count(String((await call(base, path, { body })).status));
      } catch {
        count('error');
      }
    }
  };
  const clients = Array.from({ length: concurrency }, client);
  return {
    async stop() {
      running = false;
      await Promise.all(clients);
      return report;
    },
  };
}
