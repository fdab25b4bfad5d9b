import { invalidInput } from './errors.js';

/**
 * The rule {@link planParallelism} follows, as constants to tune with measurements. Models up to
 * `SMALL_MODEL_MAX_BYTES` run as replicas of `SMALL_MODEL_THREADS` threads, models up to
 * `MEDIUM_MODEL_MAX_BYTES` as replicas of `MEDIUM_MODEL_THREADS`, larger ones as one replica on every
 * core. No more than `MAX_REPLICAS` replicas: each holds a copy of the weights.
 */
export const SMALL_MODEL_MAX_BYTES: number = 200 * 1024 ** 2;
export const SMALL_MODEL_THREADS = 1;
export const MEDIUM_MODEL_MAX_BYTES: number = 1024 ** 3;
export const MEDIUM_MODEL_THREADS = 4;
export const MAX_REPLICAS = 16;

/** What {@link planParallelism} decides from; explicit `replicas`/`threads` win over the rule. */
export interface ParallelismInput {
  /** CPU cores to use, e.g. `os.availableParallelism()`. */
  readonly cores: number;
  /** Size of the model file in bytes. */
  readonly modelBytes: number;
  readonly replicas?: number;
  /** Intra-op threads per replica. */
  readonly threads?: number;
}

/** Replicas of a model and intra-op threads for each. */
export interface Parallelism {
  readonly replicas: number;
  readonly threads: number;
}

function wholeNumber(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw invalidInput(`${name} must be a whole number from 1, got ${value}.`);
  }
  return value;
}

/** Threads one replica of a model this size should have, before rounding the replica count. */
function threadsPerReplica(cores: number, modelBytes: number): number {
  if (modelBytes <= SMALL_MODEL_MAX_BYTES) return Math.min(SMALL_MODEL_THREADS, cores);
  if (modelBytes <= MEDIUM_MODEL_MAX_BYTES) return Math.min(MEDIUM_MODEL_THREADS, cores);
  return cores;
}

/**
 * Picks how many replicas of a model to run and how many intra-op threads each gets. Explicit values
 * win: with both given they are returned as they are; with only `replicas`, each gets
 * `floor(cores / replicas)` threads (at least 1). Otherwise small models get several replicas of
 * few threads, since one small model cannot keep many cores busy, and models above
 * `MEDIUM_MODEL_MAX_BYTES` one replica on every core: replicas = `floor(cores / threadsPerReplica)`,
 * between 1 and `MAX_REPLICAS`, and the cores left over when the count is capped go to the threads.
 * Throws INPUT_INVALID for a count that is not a whole number from 1 or a negative size.
 *
 * @example
 * planParallelism({ cores: 16, modelBytes: 90e6 }); // { replicas: 16, threads: 1 }
 * planParallelism({ cores: 16, modelBytes: 2e9 }); // { replicas: 1, threads: 16 }
 */
export function planParallelism(input: ParallelismInput): Parallelism {
  const cores = wholeNumber('cores', input.cores);
  if (!(Number.isFinite(input.modelBytes) && input.modelBytes >= 0)) {
    throw invalidInput(`modelBytes must be a size in bytes, got ${input.modelBytes}.`);
  }
  const threads = input.threads === undefined ? undefined : wholeNumber('threads', input.threads);
  if (input.replicas !== undefined) {
    const replicas = wholeNumber('replicas', input.replicas);
    return { replicas, threads: threads ?? Math.max(1, Math.floor(cores / replicas)) };
  }
  if (input.modelBytes > MEDIUM_MODEL_MAX_BYTES) {
    return { replicas: 1, threads: threads ?? cores };
  }
  const perReplica = threads ?? threadsPerReplica(cores, input.modelBytes);
  const replicas = Math.min(MAX_REPLICAS, Math.max(1, Math.floor(cores / perReplica)));
  return { replicas, threads: threads ?? Math.max(perReplica, Math.floor(cores / replicas)) };
}
