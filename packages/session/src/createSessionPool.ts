import { availableParallelism } from 'node:os';
import { openSession } from './createSession.js';
import { describeError, invalidInput } from './errors.js';
import { normalizePreference } from './executionProviders.js';
import { silentLogger } from './logger.js';
import { mainThreadHost } from './nativeSession.js';
import type { ReplicaSession } from './replica.js';
import { Replica } from './replica.js';
import { ReplicaSessionPool } from './replicaSessionPool.js';
import type { ReplicaEvent, SessionPool, SessionPoolOptions } from './sessionPoolTypes.js';
import type { SessionLogger, SessionOptions } from './types.js';
import { WorkerSessionHost } from './workerSessionHost.js';

const DEFAULT_RESTART_ATTEMPTS = 3;
const DEFAULT_RESTART_BACKOFF_MS = 250;

/** Loads one replica; in worker mode it keeps the worker's host, to watch for its death and end it. */
async function loadReplica(modelPath: string, options: SessionOptions): Promise<ReplicaSession> {
  if (options.runIn === 'main') {
    const session = await openSession(modelPath, options, () => mainThreadHost);
    return { session, lost: undefined, terminate: undefined };
  }
  const hosts: WorkerSessionHost[] = [];
  const session = await openSession(modelPath, options, () => {
    const host = new WorkerSessionHost(modelPath);
    hosts.push(host);
    return host;
  });
  const host = hosts[0] as WorkerSessionHost;
  return { session, lost: host.lost, terminate: () => host.terminate() };
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!(Number.isInteger(value) && value >= min && value <= 1024)) {
    throw invalidInput(`${name} must be a whole number from ${min} to 1024, got ${value}.`);
  }
  return value;
}

/**
 * Loads a model as `replicas` native sessions, each in a worker thread of its own, behind one
 * {@link SessionPool} (an `OnnxSession`). The first replica is loaded alone and settles everything
 * `createSession` settles: the execution provider (with fallbacks), the optimised-model cache, the
 * encoder output and hidden size. The others then load in parallel, pinned to that provider
 * (`strict`, so they never fall back to another). `intraOpNumThreads` defaults to
 * `floor(os.availableParallelism() / replicas)`, at least 1. Inputs are always copied to the workers
 * (`transferInputs` is ignored) so that a run can be retried. If any replica fails to load, those
 * loaded are released and the error is thrown.
 *
 * Runs go to the live replica with the fewest runs in flight. A run whose worker dies is retried
 * once on another live replica, or fails with REPLICA_FAILED; the dead replica is restarted in the
 * background. INPUT_INVALID for bad `replicas`/restart options, or `replicas > 1` with `runIn: 'main'`.
 *
 * @example
 * const { replicas, threads } = planParallelism({ cores: availableParallelism(), modelBytes });
 * const pool = await createSessionPool(modelPath, { replicas, intraOpNumThreads: threads });
 * const out = await pool.runEncoder(batch); // on the least busy replica
 */
export async function createSessionPool(
  modelPath: string,
  options: SessionPoolOptions,
): Promise<SessionPool> {
  const started = performance.now();
  const { replicas, restartAttempts, restartBackoffMs, onReplicaEvent, ...sessionOptions } = options;
  const count = wholeNumber('replicas', replicas, 1);
  const runIn = options.runIn ?? 'worker';
  if (runIn !== 'worker' && runIn !== 'main') {
    throw invalidInput(`runIn must be "worker" or "main", got "${String(runIn)}".`);
  }
  if (runIn === 'main' && count !== 1) {
    throw invalidInput(`A pool with runIn "main" has exactly 1 replica, got replicas: ${count}.`);
  }
  const attempts = wholeNumber('restartAttempts', restartAttempts ?? DEFAULT_RESTART_ATTEMPTS, 0);
  const backoffMs = restartBackoffMs ?? DEFAULT_RESTART_BACKOFF_MS;
  if (!(Number.isFinite(backoffMs) && backoffMs >= 0)) {
    throw invalidInput(`restartBackoffMs must be a number of milliseconds from 0, got ${backoffMs}.`);
  }
  const firstOptions: SessionOptions = {
    ...sessionOptions,
    runIn,
    transferInputs: false,
    intraOpNumThreads: options.intraOpNumThreads ?? Math.max(1, Math.floor(availableParallelism() / count)),
  };
  const first = await loadReplica(modelPath, firstOptions);
  const chosen = normalizePreference(options.executionProviders ?? ['cpu'], options.strict === true).find(
    (provider) => provider.name === first.session.executionProvider,
  );
  const pinned: SessionOptions = {
    ...firstOptions,
    ...(chosen === undefined ? {} : { executionProviders: [chosen.spec], strict: true }),
  };
  const others = await Promise.allSettled(
    Array.from({ length: count - 1 }, () => loadReplica(modelPath, pinned)),
  );
  const failed = others.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    const loaded = others.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    await Promise.allSettled([first, ...loaded].map((replica) => replica.session.release()));
    throw failed.reason;
  }
  const loaded = [first, ...others.map((result) => (result as PromiseFulfilledResult<ReplicaSession>).value)];
  const logger = options.logger ?? silentLogger;
  const emit = (event: ReplicaEvent): void => {
    logReplicaEvent(logger, event, attempts);
    onReplicaEvent?.(event);
  };
  const hooks = { load: () => loadReplica(modelPath, pinned), attempts, backoffMs, emit };
  const pool = loaded.map((replica, index) => new Replica(index, replica, hooks));
  const loadMs = Math.round((performance.now() - started) * 100) / 100;
  return new ReplicaSessionPool(first.session, pool, loadMs);
}

/** Replica events for the session logger: losses and failed restarts are warnings. */
function logReplicaEvent(logger: SessionLogger, event: ReplicaEvent, attempts: number): void {
  const replica = `Replica ${event.replica} of the model`;
  if (event.type === 'lost') {
    const next = attempts > 0 ? 'restarting it' : 'restarts are off';
    logger.warn(`${replica} lost: ${event.reason}; ${next}.`, { ...event });
  } else if (event.type === 'restarted') {
    logger.info(`${replica} restarted (attempt ${event.attempt}).`, { ...event });
  } else {
    const next = event.gaveUp ? 'giving up; it stays down' : 'trying again';
    logger.warn(
      `${replica} failed to restart (attempt ${event.attempt}: ${describeError(event.error)}); ${next}.`,
      { ...event },
    );
  }
}
