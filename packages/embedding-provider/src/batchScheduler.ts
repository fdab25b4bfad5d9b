import type { EncodedText } from '@akidb/core';
import { cancelled, overloaded, vectorsMissing } from './errors.js';
import { type BatchLimits, formBatches } from './formBatch.js';

/** Rows a batch is picked from, in batches' worth of the oldest waiting ones (see `formBatches`). */
const SELECTION_WINDOW_BATCHES = 4;

/** Runs one batch; returns one raw (unnormalised) pooled vector per row, in row order. */
export type BatchRunner = (rows: readonly EncodedText[]) => Promise<Float32Array[]>;

/** What the scheduler reports after each batch (for metrics). */
export interface BatchReport {
  model: string;
  rows: number;
  /** Real tokens in the batch. */
  tokens: number;
  /** Longest row x rows. */
  paddedTokens: number;
  durationMs: number;
  ok: boolean;
}

/** Options of a {@link BatchScheduler}. */
export interface BatchSchedulerOptions extends BatchLimits {
  /** The model's id, for reports and errors. */
  readonly model: string;
  /** Most rows waiting; beyond it `submit` rejects with `OVERLOADED` (an empty queue takes any request). */
  readonly maxQueueTexts: number;
  /**
   * The model's session replicas. Each is handed one batch at a time with batching on, two with it off
   * ({@link BatchScheduler}); a batch that leaves nothing waiting while replicas idle is shared among them.
   */
  readonly replicas: () => number;
  /** `false` turns batching off: a batch never mixes rows of different requests. */
  readonly coalesce: boolean;
  readonly run: BatchRunner;
  readonly now?: () => number;
  readonly onBatch?: (report: BatchReport) => void;
}

/** The raw vectors of one submitted request, with where its time went. */
export interface BatchOutcome {
  vectors: Float32Array[];
  /** Time waiting for a batch slot, in ms. */
  queueMs: number;
  /** Time in the inference calls that carried its rows, in ms. */
  inferenceMs: number;
}

interface PendingRequest {
  /** Rows longest first; `order[i]` is the caller's index of `rows[i]`. */
  readonly rows: readonly EncodedText[];
  readonly order: readonly number[];
  readonly tokenCounts: readonly number[];
  readonly vectors: (Float32Array | undefined)[];
  readonly enqueuedAt: number;
  /** Rows already dispatched (non-zero); batches may take a request's rows out of order. */
  readonly dispatched: Uint8Array;
  /** The first row not yet dispatched. */
  next: number;
  /** Rows not yet dispatched. */
  waiting: number;
  /** Rows not yet delivered. */
  remaining: number;
  inferenceMs: number;
  settled: boolean;
  readonly resolve: (outcome: BatchOutcome) => void;
  readonly reject: (error: unknown) => void;
  readonly detach: () => void;
}

interface Slice {
  readonly request: PendingRequest;
  /** Indices into the request's (sorted) rows. */
  readonly rows: readonly number[];
}

/**
 * One model's request queue. Concurrent requests are coalesced into batches: a request is
 * dispatched at once when a slot (session replica) is free, with no fixed wait; while every slot is
 * busy, requests queue and form the next batch ({@link formBatch}: the waiting rows are cut by length
 * into the batches of least padded cost, and the one holding the oldest request's next row goes;
 * bounded by rows and by padded tokens). A large request is cut the same way, so its rows run in
 * batches of similar lengths; a batch that takes every waiting row while several replicas idle is
 * shared among them. Aborted requests leave the queue before inference. The queue is bounded
 * (`OVERLOADED`, with a retry-after hint).
 *
 * Batches handed to a replica at once: with batching on, one. The next batch is formed when a replica
 * frees, from every row waiting then (a second batch formed while the first runs is smaller, and the
 * rows arriving meanwhile wait longer). With batching off, two (one running, one waiting in the
 * worker): calls are short, and the next one is already there when one ends.
 *
 * @example
 * const scheduler = new BatchScheduler({ model: 'minilm', maxBatchSize: 32, maxBatchTokens: 16384,
 *   batchOverheadTokens: 32, maxQueueTexts: 8192, replicas: () => 2, coalesce: true, run });
 * const { vectors } = await scheduler.submit(encoded, signal);
 */
export class BatchScheduler {
  readonly #options: BatchSchedulerOptions;
  readonly #now: () => number;
  readonly #queue: PendingRequest[] = [];
  #waitingRows = 0;
  #running = 0;
  /** Moving average of batch duration, for the retry-after hint. */
  #averageBatchMs = 0;

  constructor(options: BatchSchedulerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Rows waiting (not yet dispatched). */
  get queueDepth(): number {
    return this.#waitingRows;
  }

  /** Batches running now. */
  get running(): number {
    return this.#running;
  }

  /** Throws `OVERLOADED` when `count` more rows would overflow the queue. */
  assertCapacity(count: number): void {
    if (this.#waitingRows === 0 || this.#waitingRows + count <= this.#options.maxQueueTexts) return;
    throw overloaded(
      this.#options.model,
      this.#waitingRows,
      this.#options.maxQueueTexts,
      this.retryAfterSeconds(),
    );
  }

  /** A hint for `Retry-After`: the time to work through the queue, in whole seconds (at least 1). */
  retryAfterSeconds(): number {
    const batches = Math.ceil(this.#waitingRows / this.#options.maxBatchSize);
    const perSlot = batches / this.#slots();
    return Math.max(1, Math.ceil((perSlot * this.#averageBatchMs) / 1000));
  }

  /**
   * Queues `rows`; resolves with one raw vector per row, in the caller's order, once every row has
   * been inferred. Rejects with `OVERLOADED` when the queue is full, or with `CANCELLED` when
   * `signal` aborts before its rows are all dispatched.
   */
  submit(rows: readonly EncodedText[], signal?: AbortSignal): Promise<BatchOutcome> {
    if (signal?.aborted) return Promise.reject(cancelled(this.#options.model, signal.reason));
    if (rows.length === 0) return Promise.resolve({ vectors: [], queueMs: 0, inferenceMs: 0 });
    try {
      this.assertCapacity(rows.length);
    } catch (error) {
      return Promise.reject(error);
    }
    const order = rows.map((_, index) => index);
    order.sort((a, b) => (rows[b]?.tokenCount ?? 0) - (rows[a]?.tokenCount ?? 0) || a - b);
    const sorted = order.map((index) => rows[index] as EncodedText);
    return new Promise<BatchOutcome>((resolve, reject) => {
      const onAbort = (): void => this.#fail(request, cancelled(this.#options.model, signal?.reason));
      const request: PendingRequest = {
        rows: sorted,
        order,
        tokenCounts: sorted.map((row) => row.tokenCount),
        vectors: new Array<Float32Array | undefined>(rows.length),
        enqueuedAt: this.#now(),
        dispatched: new Uint8Array(rows.length),
        next: 0,
        waiting: rows.length,
        remaining: rows.length,
        inferenceMs: 0,
        settled: false,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(request);
      this.#waitingRows += rows.length;
      this.#pump();
    });
  }

  /** Batches that may be handed out at once: one per replica with batching on, two with it off. */
  #slots(): number {
    return Math.max(1, this.#options.replicas()) * (this.#options.coalesce ? 1 : 2);
  }

  #pump(): void {
    const window = {
      rows: SELECTION_WINDOW_BATCHES * this.#options.maxBatchSize,
      entries: this.#options.coalesce ? Number.POSITIVE_INFINITY : 1,
    };
    while (this.#running < this.#slots() && this.#queue.length > 0) {
      // Replicas with no batch (runs go to the least busy replica, so each running batch holds one).
      const idle = this.#options.replicas() - this.#running;
      const batches: Slice[][] = formBatches(this.#queue, this.#options, window, idle).map((picks) =>
        picks.map((pick) => ({ request: this.#queue[pick.entry] as PendingRequest, rows: pick.rows })),
      );
      for (const { request, rows } of batches.flat()) {
        for (const row of rows) request.dispatched[row] = 1;
        while (request.next < request.rows.length && request.dispatched[request.next]) request.next += 1;
        request.waiting -= rows.length;
        this.#waitingRows -= rows.length;
      }
      this.#dropDispatched();
      for (const slices of batches) this.#dispatch(slices);
    }
  }

  #dispatch(slices: readonly Slice[]): void {
    const rows: EncodedText[] = [];
    let longest = 0;
    let tokens = 0;
    for (const slice of slices) {
      for (const index of slice.rows) {
        const row = slice.request.rows[index] as EncodedText;
        rows.push(row);
        tokens += row.tokenCount;
        longest = Math.max(longest, row.tokenCount);
      }
    }
    this.#running += 1;
    let slotFreed = false;
    const freeSlot = (): void => {
      if (slotFreed) return;
      slotFreed = true;
      this.#running -= 1;
      this.#pump();
    };
    const startedAt = this.#now();
    const finish = (ok: boolean): number => {
      const durationMs = this.#now() - startedAt;
      this.#averageBatchMs =
        this.#averageBatchMs === 0 ? durationMs : 0.8 * this.#averageBatchMs + 0.2 * durationMs;
      const report = { model: this.#options.model, rows: rows.length, tokens, durationMs, ok };
      this.#options.onBatch?.({ ...report, paddedTokens: longest * rows.length });
      return durationMs;
    };
    this.#options
      .run(rows)
      .then(
        (vectors) => {
          const durationMs = finish(true);
          // The next batch goes to the replica before this one's callers resume, not after them.
          freeSlot();
          let offset = 0;
          for (const slice of slices) {
            this.#deliver(slice, vectors.slice(offset, offset + slice.rows.length), durationMs);
            offset += slice.rows.length;
          }
        },
        async (error: unknown) => {
          finish(false);
          if (slices.length === 1) {
            for (const { request } of slices) this.#fail(request, error);
            return;
          }
          // Several requests shared the failed batch: run each one's rows alone, so that only the
          // request whose rows cannot be inferred fails.
          for (const slice of slices) {
            const { request, rows: indices } = slice;
            if (request.settled) continue;
            const isolatedStart = this.#now();
            try {
              const vectors = await this.#options.run(
                indices.map((index) => request.rows[index] as EncodedText),
              );
              this.#deliver(slice, vectors, this.#now() - isolatedStart);
            } catch (isolated) {
              this.#fail(request, isolated);
            }
          }
        },
      )
      .finally(freeSlot);
  }

  /** Puts a slice's vectors in place (the caller's order) and settles its request when complete. */
  #deliver({ request, rows }: Slice, vectors: readonly Float32Array[], durationMs: number): void {
    rows.forEach((index, k) => {
      request.vectors[request.order[index] as number] = vectors[k];
    });
    request.inferenceMs += durationMs;
    request.remaining -= rows.length;
    if (request.remaining === 0) this.#succeed(request);
  }

  /** Removes requests whose rows have all been dispatched from the waiting queue. */
  #dropDispatched(): void {
    let kept = 0;
    for (const request of this.#queue) {
      if (request.waiting > 0) this.#queue[kept++] = request;
    }
    this.#queue.length = kept;
  }

  #succeed(request: PendingRequest): void {
    if (request.settled) return;
    request.settled = true;
    request.detach();
    const vectors = request.vectors.filter((vector): vector is Float32Array => vector !== undefined);
    if (vectors.length !== request.rows.length) {
      request.reject(vectorsMissing(vectors.length, request.rows.length));
      return;
    }
    const totalMs = this.#now() - request.enqueuedAt;
    request.resolve({
      vectors,
      queueMs: Math.max(0, totalMs - request.inferenceMs),
      inferenceMs: request.inferenceMs,
    });
  }

  /** Settles `request` with `error` and takes its undispatched rows out of the queue. */
  #fail(request: PendingRequest, error: unknown): void {
    if (request.settled) return;
    request.settled = true;
    request.detach();
    const index = this.#queue.indexOf(request);
    if (index >= 0) {
      this.#queue.splice(index, 1);
      this.#waitingRows -= request.waiting;
      request.waiting = 0;
      request.next = request.rows.length;
    }
    request.reject(error);
  }
}
