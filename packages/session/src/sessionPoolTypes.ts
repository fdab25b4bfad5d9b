import type { OnnxSession, SessionOptions } from './types.js';

/** Options of `createSessionPool`: those of `createSession`, plus how many replicas and how to restart them. */
export interface SessionPoolOptions extends SessionOptions {
  /**
   * Native sessions to run the model on (a whole number from 1), each in a worker thread of its own
   * with `intraOpNumThreads` threads. Must be 1 with `runIn: 'main'`.
   */
  readonly replicas: number;
  /** Attempts to restart a replica whose worker died (default 3; 0: never restart). */
  readonly restartAttempts?: number;
  /** Wait before the first restart attempt (default 250 ms), doubled before each further attempt. */
  readonly restartBackoffMs?: number;
  /** Told when a replica's worker dies and how restarting it goes, e.g. to count it in metrics. */
  readonly onReplicaEvent?: (event: ReplicaEvent) => void;
}

/** A replica's worker died (`reason` says how); it takes no runs until restarted. */
export interface ReplicaLostEvent {
  readonly type: 'lost';
  readonly replica: number;
  readonly reason: string;
}

/** A lost replica was loaded again (`attempt` from 1) and takes runs again. */
export interface ReplicaRestartedEvent {
  readonly type: 'restarted';
  readonly replica: number;
  readonly attempt: number;
}

/** A restart attempt failed; with `gaveUp` it was the last, and the replica stays down. */
export interface ReplicaRestartFailedEvent {
  readonly type: 'restartFailed';
  readonly replica: number;
  readonly attempt: number;
  readonly error: unknown;
  readonly gaveUp: boolean;
}

/** What {@link SessionPoolOptions.onReplicaEvent} is told. */
export type ReplicaEvent = ReplicaLostEvent | ReplicaRestartedEvent | ReplicaRestartFailedEvent;

/** `live`: takes runs; `restarting`: its worker died and it is being loaded again; `failed`: restarts gave up. */
export type ReplicaState = 'live' | 'restarting' | 'failed' | 'released';

/** One replica in {@link SessionPoolStats}. */
export interface ReplicaStats {
  readonly index: number;
  readonly state: ReplicaState;
  /** Runs sent to this replica and not yet answered. */
  readonly inFlight: number;
  /** Runs this replica completed, over all its restarts. */
  readonly runs: number;
  readonly restarts: number;
}

/** A snapshot of a {@link SessionPool}, for metrics. */
export interface SessionPoolStats {
  readonly replicas: number;
  /** Replicas taking runs. */
  readonly alive: number;
  /** Replicas being loaded again after their worker died. */
  readonly restarting: number;
  /** Runs accepted and not yet settled, over all replicas. */
  readonly inFlight: number;
  /** Successful restarts since the pool was created. */
  readonly restarts: number;
  /** Runs that lost their replica and were sent to another one. */
  readonly retried: number;
  readonly perReplica: readonly ReplicaStats[];
}

/**
 * An {@link OnnxSession} over several replicas of one model. Runs go to the live replica with the
 * fewest runs in flight (ties in turn); a run whose replica's worker dies is retried once on another.
 */
export interface SessionPool extends OnnxSession {
  readonly replicas: number;
  /** Successful restarts since the pool was created. */
  readonly restarts: number;
  /** Runs accepted and not yet settled, over all replicas. */
  inFlight(): number;
  /** Live replicas with no run in flight. */
  idleReplicas(): number;
  stats(): SessionPoolStats;
  /**
   * Testing hook: terminates replica `index`'s worker thread for real, as a crash would (after its
   * native call in progress returns, since terminating a thread inside onnxruntime-node aborts the
   * process). Its pending runs are retried elsewhere and the replica is restarted. Resolves
   * `true` once the thread has ended, `false` when the replica was not live. INPUT_INVALID for an
   * unknown index or `runIn: 'main'`.
   */
  terminateReplica(index: number): Promise<boolean>;
}
