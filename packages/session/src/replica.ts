import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from './errors.js';
import type { ReplicaEvent, ReplicaState, ReplicaStats } from './sessionPoolTypes.js';
import type { OnnxSession } from './types.js';
import { isWorkerLoss } from './workerSessionHost.js';

/** One loaded copy of the model: its session and, in worker mode, how to watch and end its worker. */
export interface ReplicaSession {
  readonly session: OnnxSession;
  /** Resolves with a reason when the worker dies; `undefined` on the main thread. */
  readonly lost: Promise<string> | undefined;
  /** Terminates the worker thread for real; `undefined` on the main thread. */
  readonly terminate: (() => Promise<void>) | undefined;
}

/** How a {@link Replica} loads itself again after its worker died. */
export interface ReplicaHooks {
  readonly load: () => Promise<ReplicaSession>;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly emit: (event: ReplicaEvent) => void;
}

/**
 * One replica of a session pool: a session that takes runs while `live`. When its worker dies it
 * turns `restarting`, releases the dead session, and loads a new one in the background (up to
 * `attempts` times, waiting `backoffMs`, then twice as long each time) before it is `live` again,
 * or `failed` for good.
 */
export class Replica {
  readonly index: number;
  readonly #hooks: ReplicaHooks;
  readonly #stop = new AbortController();
  readonly #retiring = new Set<Promise<void>>();
  #current: ReplicaSession;
  #state: ReplicaState = 'live';
  #inFlight = 0;
  #runs = 0;
  #restarts = 0;
  #restarting: Promise<void> | undefined;

  constructor(index: number, loaded: ReplicaSession, hooks: ReplicaHooks) {
    this.index = index;
    this.#hooks = hooks;
    this.#current = loaded;
    this.#watch(loaded);
  }

  get state(): ReplicaState {
    return this.#state;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get restarts(): number {
    return this.#restarts;
  }

  stats(): ReplicaStats {
    const { index } = this;
    return {
      index,
      state: this.#state,
      inFlight: this.#inFlight,
      runs: this.#runs,
      restarts: this.#restarts,
    };
  }

  /** Runs `work` on the current session; a worker loss marks the replica lost before it is rethrown. */
  async run<T>(work: (session: OnnxSession) => Promise<T>): Promise<T> {
    const current = this.#current;
    this.#inFlight++;
    try {
      const result = await work(current.session);
      this.#runs++;
      return result;
    } catch (error) {
      if (isWorkerLoss(error)) this.#lose(current, describeError(error));
      throw error;
    } finally {
      this.#inFlight--;
    }
  }

  /** Terminates the live worker (see `SessionPool.terminateReplica`); `false` when not live. */
  async terminate(): Promise<boolean> {
    const current = this.#current;
    if (this.#state !== 'live' || current.terminate === undefined) return false;
    this.#lose(current, 'the worker was terminated');
    await current.terminate();
    return true;
  }

  /** Stops restarting, then releases the live session (after its runs) and any dead one. */
  async release(): Promise<void> {
    const wasLive = this.#state === 'live';
    this.#state = 'released';
    this.#stop.abort();
    await this.#restarting;
    await Promise.all([...this.#retiring]);
    if (wasLive) await this.#current.session.release();
  }

  #watch(loaded: ReplicaSession): void {
    void loaded.lost?.then((reason) => this.#lose(loaded, `the worker ${reason}`));
  }

  /** `lost` died: unless that was noticed already, stop taking runs, free it and restart. */
  #lose(lost: ReplicaSession, reason: string): void {
    if (lost !== this.#current || this.#state !== 'live') return;
    this.#state = 'restarting';
    this.#hooks.emit({ type: 'lost', replica: this.index, reason });
    // Its runs fail at once (the worker is gone), so this release does not wait for long.
    const retired = lost.session.release().catch(() => {});
    this.#retiring.add(retired);
    void retired.then(() => this.#retiring.delete(retired));
    this.#restarting = this.#restart();
  }

  async #restart(): Promise<void> {
    const { attempts, backoffMs, load, emit } = this.#hooks;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await sleep(backoffMs * 2 ** (attempt - 1), undefined, { ref: false, signal: this.#stop.signal });
      } catch {
        return; // released
      }
      let loaded: ReplicaSession;
      try {
        loaded = await load();
      } catch (error) {
        if (this.#stop.signal.aborted) return;
        emit({ type: 'restartFailed', replica: this.index, attempt, error, gaveUp: attempt === attempts });
        continue;
      }
      if (this.#stop.signal.aborted) {
        await loaded.session.release();
        return;
      }
      this.#current = loaded;
      this.#state = 'live';
      this.#restarts++;
      this.#watch(loaded);
      emit({ type: 'restarted', replica: this.index, attempt });
      return;
    }
    this.#state = 'failed';
  }
}
