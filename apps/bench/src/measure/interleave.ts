/** Runs the measured work once and returns how long it took, in milliseconds. */
export type Job = () => Promise<number>;

/** One contender's job in an interleaved comparison. */
export interface Entrant {
  id: string;
  job: Job;
}

/** How many times to run: warm-up rounds, then as many rounds as fit the budget, within bounds. */
export interface RepetitionPolicy {
  warmup: number;
  minReps: number;
  maxReps: number;
  /** Wall-clock budget for the measured rounds of one comparison. */
  budgetMs: number;
}

/**
 * Runs every entrant once per round, in balanced orders ({@link roundOrder}), so background load
 * (a shared machine) and carry-over from the previous run fall on all of them alike. Sample `i` of every entrant comes from round `i`, which is
 * what {@link pairedRatio} relies on. Returns each entrant's samples in ms.
 *
 * @example
 * const samples = await interleave([{ id: 'ours', job }, { id: 'bare', job: bareJob }], policy);
 */
export async function interleave(
  entrants: readonly Entrant[],
  policy: RepetitionPolicy,
  onRound?: (done: number, total: number) => void,
): Promise<Map<string, number[]>> {
  let roundMs = 0;
  for (let round = 0; round < policy.warmup; round++) roundMs = sum(await runRound(entrants, round));
  const samples = new Map<string, number[]>(entrants.map((entrant) => [entrant.id, []]));
  let total = policy.warmup > 0 ? repetitions(policy, roundMs) : policy.minReps;
  for (let round = 0; round < total; round++) {
    const times = await runRound(entrants, round);
    entrants.forEach((entrant, index) => {
      samples.get(entrant.id)?.push(times[index] as number);
    });
    if (round === 0 && policy.warmup === 0) total = repetitions(policy, sum(times));
    onRound?.(round + 1, total);
  }
  return samples;
}

/** Rounds that fit `budgetMs` given one round's duration, clamped to [minReps, maxReps]. */
export function repetitions(policy: RepetitionPolicy, roundMs: number): number {
  const fit = roundMs > 0 ? Math.floor(policy.budgetMs / roundMs) : policy.maxReps;
  return Math.max(policy.minReps, Math.min(policy.maxReps, fit));
}

/** Times of one round, indexed like `entrants`, run in the order {@link roundOrder} gives. */
async function runRound(entrants: readonly Entrant[], round: number): Promise<number[]> {
  const times: number[] = new Array(entrants.length).fill(0);
  for (const index of roundOrder(entrants.length, round)) {
    times[index] = await (entrants[index] as Entrant).job();
  }
  return times;
}

/**
 * The order entrants run in, round `round`: rows of a Williams design (a balanced Latin square,
 * mirrored for an odd count), so over a cycle of rounds each entrant goes first equally often and
 * follows every other entrant equally often: whoever runs right after another session inherits its
 * still-spinning threads and its cache footprint, and that must not always be the same one.
 *
 * @example
 * roundOrder(4, 0); // [0, 1, 3, 2]
 */
export function roundOrder(count: number, round: number): number[] {
  const base = [0];
  for (let i = 1; i < count; i++) base.push(i % 2 === 1 ? (i + 1) / 2 : count - i / 2);
  const order = base.map((entry) => (entry + round) % count);
  const mirrored = count % 2 === 1 && Math.floor(round / count) % 2 === 1;
  return mirrored ? order.reverse() : order;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/**
 * Wraps an async call as a {@link Job} timed around the call.
 *
 * @example
 * const job = timed(() => provider.embed(texts));
 */
export function timed(run: () => Promise<unknown>): Job {
  return async () => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
}
