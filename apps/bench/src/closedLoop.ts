import { performance } from 'node:perf_hooks';

/**
 * Runs `call(i)` on `workers` closed loops (each starts its next call when the last ends) until
 * `seconds` pass; returns the calls completed. `i` counts calls across loops, so callers can walk a
 * text list with it.
 *
 * @example
 * const calls = await runFor(10, 4, async (i) => { await service.embed({ texts: batch(i) }); });
 */
export async function runFor(
  seconds: number,
  workers: number,
  call: (i: number) => Promise<void>,
): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let next = 0;
  let done = 0;
  const loop = async (): Promise<void> => {
    while (performance.now() < end) {
      await call(next++);
      done++;
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  return done;
}

/**
 * A warm-up of `warmupS` seconds, then a measured window of `seconds`, each on `workers` closed loops
 * of `call` ({@link runFor}): the calls completed in the window, and the window's length in seconds.
 *
 * @example
 * const { calls, seconds } = await runWindow(1, 10, 4, async (i) => { await embed(batch(i)); });
 */
export async function runWindow(
  warmupS: number,
  seconds: number,
  workers: number,
  call: (i: number) => Promise<void>,
): Promise<{ calls: number; seconds: number }> {
  await runFor(warmupS, workers, call);
  const began = performance.now();
  const calls = await runFor(seconds, workers, call);
  return { calls, seconds: (performance.now() - began) / 1000 };
}

/**
 * Call `i`'s texts when every call takes `size` consecutive texts, wrapping around the list: call 0
 * gets texts 0..size-1, call 1 the next `size`, and so on.
 *
 * @example
 * batchAt(['a', 'b', 'c'], 2, 1); // ['c', 'a']
 */
export function batchAt(texts: readonly string[], size: number, i: number): string[] {
  return Array.from({ length: size }, (_, j) => texts[(i * size + j) % texts.length] as string);
}

/** Texts per call of the in-process yardstick (`bench:server`'s batch 32, and the GPU bench's cores check). */
export const YARDSTICK_BATCH = 32;

/**
 * Calls in flight for the in-process yardstick: two per replica the model runs on, so that a replica's
 * next batch is already waiting when one ends, as under a loaded server.
 *
 * @example
 * yardstickCalls(2); // 4
 */
export function yardstickCalls(replicas: number): number {
  return 2 * replicas;
}
