import { AkidbError } from '@akidb/core';
import { describeError, invalidInput, replicaFailed, sessionDisposed } from './errors.js';
import type { Replica } from './replica.js';
import type { SessionPool, SessionPoolStats } from './sessionPoolTypes.js';
import type {
  EncoderInput,
  EncoderOutput,
  OnnxSession,
  OptimizedModelCacheUse,
  OutputKind,
  ProviderAttempt,
  ResolvedSessionSettings,
  SessionFeeds,
  SessionResults,
  SessionThread,
  ValueMetadata,
} from './types.js';
import { isWorkerLoss } from './workerSessionHost.js';

/**
 * {@link SessionPool} over loaded {@link Replica}s. Describes the model as the first replica loaded
 * it; `loadMs` is the time taken to load them all.
 */
export class ReplicaSessionPool implements SessionPool {
  readonly modelPath: string;
  readonly executionProvider: string;
  readonly runIn: SessionThread;
  readonly attempts: readonly ProviderAttempt[];
  readonly loadMs: number;
  readonly settings: ResolvedSessionSettings;
  readonly optimizedModelCache: OptimizedModelCacheUse;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ValueMetadata[];
  readonly outputMetadata: readonly ValueMetadata[];
  readonly takesTokenTypeIds: boolean;
  readonly outputName: string;
  readonly outputKind: OutputKind;
  readonly hiddenSize: number;
  readonly replicas: number;

  readonly #replicas: readonly Replica[];
  readonly #inFlight = new Set<Promise<unknown>>();
  #retried = 0;
  #released: Promise<void> | undefined;

  constructor(first: OnnxSession, replicas: readonly Replica[], loadMs: number) {
    this.modelPath = first.modelPath;
    this.executionProvider = first.executionProvider;
    this.runIn = first.runIn;
    this.attempts = first.attempts;
    this.loadMs = loadMs;
    this.settings = first.settings;
    this.optimizedModelCache = first.optimizedModelCache;
    this.inputNames = first.inputNames;
    this.outputNames = first.outputNames;
    this.inputMetadata = first.inputMetadata;
    this.outputMetadata = first.outputMetadata;
    this.takesTokenTypeIds = first.takesTokenTypeIds;
    this.outputName = first.outputName;
    this.outputKind = first.outputKind;
    this.hiddenSize = first.hiddenSize;
    this.replicas = replicas.length;
    this.#replicas = replicas;
  }

  get disposed(): boolean {
    return this.#released !== undefined;
  }

  get restarts(): number {
    return this.#replicas.reduce((sum, replica) => sum + replica.restarts, 0);
  }

  inFlight(): number {
    return this.#inFlight.size;
  }

  idleReplicas(): number {
    return this.#replicas.filter((replica) => replica.state === 'live' && replica.inFlight === 0).length;
  }

  stats(): SessionPoolStats {
    const perReplica = this.#replicas.map((replica) => replica.stats());
    return {
      replicas: this.replicas,
      alive: perReplica.filter((replica) => replica.state === 'live').length,
      restarting: perReplica.filter((replica) => replica.state === 'restarting').length,
      inFlight: this.#inFlight.size,
      restarts: this.restarts,
      retried: this.#retried,
      perReplica,
    };
  }

  runEncoder(input: EncoderInput): Promise<EncoderOutput> {
    return this.#dispatch((session) => session.runEncoder(input));
  }

  run(feeds: SessionFeeds, fetches?: readonly string[]): Promise<SessionResults> {
    return this.#dispatch((session) => session.run(feeds, fetches));
  }

  terminateReplica(index: number): Promise<boolean> {
    const replica = this.#replicas[index];
    if (replica === undefined || this.runIn !== 'worker') {
      const why =
        replica === undefined ? `it has replicas 0 to ${this.replicas - 1}` : 'it runs on the main thread';
      return Promise.reject(invalidInput(`Cannot terminate replica ${index} of this pool: ${why}.`));
    }
    return replica.terminate();
  }

  release(): Promise<void> {
    this.#released ??= this.#release();
    return this.#released;
  }

  async #release(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
    const results = await Promise.allSettled(this.#replicas.map((replica) => replica.release()));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) {
      throw new AkidbError('INTERNAL', `Releasing a replica failed: ${describeError(failed.reason)}`, {
        cause: failed.reason,
      });
    }
  }

  /** Runs `work` as an accepted run that {@link release} waits for. */
  async #dispatch<T>(work: (session: OnnxSession) => Promise<T>): Promise<T> {
    if (this.disposed) throw sessionDisposed();
    const pending = this.#runWithRetry(work);
    this.#inFlight.add(pending);
    try {
      return await pending;
    } finally {
      this.#inFlight.delete(pending);
    }
  }

  /** One try on the least busy replica; if its worker died, one more on another. */
  async #runWithRetry<T>(work: (session: OnnxSession) => Promise<T>): Promise<T> {
    const first = this.#pick();
    if (first === undefined) throw this.#noReplica('no replica is running', undefined);
    try {
      return await first.run(work);
    } catch (error) {
      if (!isWorkerLoss(error)) throw error;
      const second = this.#pick();
      if (second === undefined) throw this.#noReplica(describeError(error), error);
      this.#retried++;
      try {
        return await second.run(work);
      } catch (retryError) {
        if (!isWorkerLoss(retryError)) throw retryError;
        throw this.#noReplica(`the retry's worker died too: ${describeError(retryError)}`, retryError);
      }
    }
  }

  /**
   * The live replica with the fewest runs in flight; ties go to the lowest index. Under light load one
   * replica then takes every run and stays warm (its thread awake, its weights in cache): taking turns
   * woke a cold replica for each call, and one client's single texts ran ~20% slower (docs/decisions.md).
   */
  #pick(): Replica | undefined {
    let best: Replica | undefined;
    for (const replica of this.#replicas) {
      if (replica.state === 'live' && (best === undefined || replica.inFlight < best.inFlight))
        best = replica;
    }
    return best;
  }

  #noReplica(reason: string, cause: unknown): AkidbError {
    const { replicas, alive, restarting } = this.stats();
    return replicaFailed(reason, cause, { replicas, alive, restarting });
  }
}
