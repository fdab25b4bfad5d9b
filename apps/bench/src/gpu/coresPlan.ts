/**
 * One layout of the cores check: `cpus` cores (the process is pinned to the first `cpus` CPUs it may
 * use, where `taskset` exists), and either the layout the library plans for that many cores or a
 * forced one.
 */
export interface CoresPlan {
  readonly cpus: number;
  /** Forced replicas x threads; both absent = the library's plan for `cpus` cores. */
  readonly replicas?: number;
  readonly threads?: number;
}

/** How a cores plan reads in a report: "16 cores, planned" or "16 cores, 1 x 16". */
export function coresPlanLabel(plan: CoresPlan): string {
  const layout = plan.replicas === undefined ? 'planned' : `${plan.replicas} x ${plan.threads}`;
  return `${plan.cpus} core${plan.cpus === 1 ? '' : 's'}, ${layout}`;
}

const positive = (text: string, spec: string): number => {
  const value = Number(text);
  if (!(Number.isInteger(value) && value > 0)) {
    throw new Error(`--cores: "${spec}" needs positive integers (CPUS or CPUS:REPLICASxTHREADS)`);
  }
  return value;
};

/**
 * Parses `--cores`: comma-separated `CPUS` (the library's plan for that many cores) or
 * `CPUS:REPLICASxTHREADS` (forced), e.g. `2,16,16:1x16`.
 *
 * @example
 * parseCoresPlans('2,16:1x16'); // [{ cpus: 2 }, { cpus: 16, replicas: 1, threads: 16 }]
 */
export function parseCoresPlans(text: string): CoresPlan[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((spec) => {
      const [cpus, layout, ...rest] = spec.split(':');
      if (rest.length > 0 || cpus === undefined) throw new Error(`--cores: "${spec}" has more than one ":"`);
      if (layout === undefined) return { cpus: positive(cpus, spec) };
      const [replicas, threads, ...more] = layout.split('x');
      if (more.length > 0 || replicas === undefined || threads === undefined) {
        throw new Error(`--cores: "${spec}" needs REPLICASxTHREADS after ":"`);
      }
      return {
        cpus: positive(cpus, spec),
        replicas: positive(replicas, spec),
        threads: positive(threads, spec),
      };
    });
}

/** One plan's measurement. */
export interface CoresResult {
  readonly plan: CoresPlan;
  /** Whether the process was pinned to `plan.cpus` cores (`taskset`). */
  readonly pinned: boolean;
  /** The layout it ran as. */
  readonly replicas?: number;
  readonly threads?: number;
  readonly textsPerSecond?: number;
  /** Batch-32 calls in flight (two per replica). */
  readonly concurrency?: number;
  readonly error?: string;
}

/** The check of issue #10: the library's plan on the most cores ÷ its plan on 2 cores. */
export interface CoresScaling {
  readonly fromCpus: number;
  readonly toCpus: number;
  readonly ratio: number;
  readonly target: number;
}

/** Replicas x threads on many cores must give at least this many times the 2-core throughput. */
export const CORES_SCALING_TARGET = 5;

/**
 * The ratio of the planned layout on the most cores to the planned layout on the fewest (2 on the
 * device); `undefined` unless both ran.
 */
export function coresScaling(results: readonly CoresResult[]): CoresScaling | undefined {
  const planned = results
    .filter((r) => r.plan.replicas === undefined && r.textsPerSecond !== undefined && r.textsPerSecond > 0)
    .sort((a, b) => a.plan.cpus - b.plan.cpus);
  const from = planned[0];
  const to = planned.at(-1);
  if (from === undefined || to === undefined || from.plan.cpus === to.plan.cpus) return undefined;
  return {
    fromCpus: from.plan.cpus,
    toCpus: to.plan.cpus,
    ratio: (to.textsPerSecond as number) / (from.textsPerSecond as number),
    target: CORES_SCALING_TARGET,
  };
}

/**
 * A Linux CPU list (`Cpus_allowed_list`, `taskset -c`): `0-3,8,10-11` -> [0, 1, 2, 3, 8, 10, 11].
 *
 * @example
 * parseCpuList('32-33,40'); // [32, 33, 40]
 */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    if (part === '') continue;
    const [from, to = from] = part.split('-').map(Number);
    if (!(Number.isInteger(from) && Number.isInteger(to)) || (to as number) < (from as number)) {
      throw new Error(`not a CPU list: "${list}"`);
    }
    for (let cpu = from as number; cpu <= (to as number); cpu++) cpus.push(cpu);
  }
  return cpus;
}
