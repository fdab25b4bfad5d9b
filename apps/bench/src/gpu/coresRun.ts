import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadOnnxEmbeddingProvider } from '@akidb/embedding-provider';
import { batchAt, runWindow, YARDSTICK_BATCH, yardstickCalls } from '../closedLoop.js';
import { type CoresPlan, type CoresResult, parseCpuList } from './coresPlan.js';
import { readReference } from './reference.js';
import { runSelf } from './runSelf.js';

/** The flag that makes the bench entry run {@link coresChild} instead of the bench. */
export const CORES_CHILD_FLAG = '--cores-child';

/** What a cores child measures (passed as JSON on its command line). */
export interface CoresChildSpec {
  readonly modelDir: string;
  /** The build folder, for the texts (`reference.json`). */
  readonly work: string;
  readonly plan: CoresPlan;
  readonly warmupSeconds: number;
  readonly seconds: number;
}

/**
 * In a child process pinned to the plan's cores: loads the model on the CPU provider as the library
 * plans it for `plan.cpus` cores (or as forced), then runs batches of 32 of the short texts with two
 * calls in flight per replica (the in-process yardstick of `bench:server`) and prints one JSON line.
 */
export async function coresChild(specJson: string): Promise<void> {
  const spec = JSON.parse(specJson) as CoresChildSpec;
  const { texts } = await readReference(spec.work);
  const provider = await loadOnnxEmbeddingProvider({
    modelDir: spec.modelDir,
    cores: spec.plan.cpus,
    ...(spec.plan.replicas === undefined ? {} : { replicas: spec.plan.replicas }),
    session: {
      executionProviders: ['cpu'],
      interOpNumThreads: 1,
      ...(spec.plan.threads === undefined ? {} : { intraOpNumThreads: spec.plan.threads }),
    },
  });
  try {
    const { replicas, threads } = provider.modelInfo();
    const concurrency = yardstickCalls(replicas);
    const call = async (i: number): Promise<void> => {
      await provider.embed(batchAt(texts, YARDSTICK_BATCH, i));
    };
    const { calls, seconds } = await runWindow(spec.warmupSeconds, spec.seconds, concurrency, call);
    const textsPerSecond = (calls * YARDSTICK_BATCH) / seconds;
    process.stdout.write(`${JSON.stringify({ replicas, threads, concurrency, textsPerSecond })}\n`);
  } finally {
    await provider.dispose();
  }
}

/**
 * The CPUs this process may run on (`Cpus_allowed_list` of /proc/self/status, e.g. `0-15` or
 * `32-39,48`), when `taskset` (util-linux) can pin a child to them; `undefined` where it cannot.
 */
function pinnableCpus(): number[] | undefined {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return undefined;
  }
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
  if (list === undefined) return undefined;
  const cpus = parseCpuList(list);
  if (cpus.length === 0) return undefined;
  const probe = spawnSync('taskset', ['-c', String(cpus[0]), 'true'], { stdio: 'ignore' });
  return probe.status === 0 ? cpus : undefined;
}

/**
 * Runs each plan in its own process of this entry point ({@link coresChild}), one after another,
 * pinned with `taskset` (where it exists) to the first `cpus` of the CPUs this process may use. A plan
 * asking for more cores than that is reported, not run.
 */
export async function runCores(
  options: Omit<CoresChildSpec, 'plan'>,
  plans: readonly CoresPlan[],
): Promise<CoresResult[]> {
  const allowed = pinnableCpus();
  const cores = allowed?.length ?? availableParallelism();
  const results: CoresResult[] = [];
  for (const plan of plans) {
    if (plan.cpus > cores) {
      results.push({ plan, pinned: false, error: `this machine has ${cores} cores` });
      continue;
    }
    results.push(await runChild({ ...options, plan }, allowed?.slice(0, plan.cpus)));
  }
  return results;
}

async function runChild(spec: CoresChildSpec, cpus: readonly number[] | undefined): Promise<CoresResult> {
  const pinned = cpus !== undefined;
  const launcher = pinned ? ['taskset', '-c', cpus.join(',')] : [];
  const { code, stdout, stderr } = await runSelf([CORES_CHILD_FLAG, JSON.stringify(spec)], launcher);
  const line = stdout.trim().split('\n').at(-1) ?? '';
  if (code === 0 && line.startsWith('{')) {
    return { plan: spec.plan, pinned, ...(JSON.parse(line) as Partial<CoresResult>) };
  }
  const tail = stderr.trim().split('\n').slice(-3).join(' | ');
  return { plan: spec.plan, pinned, error: `exit ${code}: ${tail}` };
}
