import type { EncodedText } from '@akidb/core';
import { AkidbError } from '@akidb/core';
import { type BatchLimits, formBatch } from './formBatch.js';
import { abortReason } from './requestDeadline.js';

/** Runs one batch for `model`; returns one raw (unnormalised) vector per row, in row order. */
export type BatchRunner = (model: string, rows: readonly EncodedText[]) => Promise<Float32Array[]>;

/** What the batcher reports after each batch (for metrics). */
export interface BatchReport {
  model: string;
  rows: number;
  /** Real tokens in the batch. */
  tokens: number;
  /** Longest row × rows. */
  paddedTokens: number;
  durationMs: number;
  ok: boolean;
}

/** Options of a {@link DynamicBatcher}. */
export interface DynamicBatcherOptions extends BatchLimits {
  /** Most rows waiting per model; beyond it `submit` throws `OVERLOADED`. */
  readonly maxQueueTexts: number;
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
  readonly rows: readonly EncodedText[];
  readonly tokenCounts: readonly number[];
  readonly vectors: (Float32Array | undefined)[];
  readonly enqueuedAt: number;
  next: number;
  remaining: number;
  inferenceMs: number;
  settled: boolean;
  readonly resolve: (outcome: BatchOutcome) => void;
  readonly reject: (error: unknown) => void;
  readonly detach: () => void;
}

interface Lane {
  readonly queue: PendingRequest[];
  waitingRows: number;
  running: boolean;
  /** Moving average of batch duration, for Retry-After. */
  averageBatchMs: number;
}

/**
 * Coalesces concurrent requests for the same model into batches. When a model is idle a request is
 * dispatched at once (no fixed wait); while a batch runs, new requests queue and form the next
 * batch ({@link formBatch}: FIFO, bounded by rows and padded tokens). Aborted requests leave the
 * queue before inference. One batch runs per model at a time.
 *
 * @example
 * const batcher = new DynamicBatcher({ maxBatchSize: 32, maxBatchTokens: 16384, maxQueueTexts: 4096, run });
 * const { vectors } = await batcher.submit('all-minilm-l6-v2', encoded, request.signal);
 */
export class DynamicBatcher {
  readonly #options: DynamicBatcherOptions;
  readonly #now: () => number;
  readonly #lanes = new Map<string, Lane>();

  constructor(options: DynamicBatcherOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Throws `OVERLOADED` when `count` more rows would overflow `model`'s queue. */
  assertCapacity(model: string, count: number): void {
    const lane = this.#lanes.get(model);
    if (!lane || lane.waitingRows === 0) return;
    if (lane.waitingRows + count <= this.#options.maxQueueTexts) return;
    const retryAfterSeconds = this.retryAfterSeconds(model);
    throw new AkidbError(
      'OVERLOADED',
      `Model "${model}" has too many texts waiting; retry in ${retryAfterSeconds}s`,
      {
        details: {
          model,
          waiting: lane.waitingRows,
          maxQueueTexts: this.#options.maxQueueTexts,
          retryAfterSeconds,
        },
      },
    );
  }

  /**
   * Queues `rows` for `model`; resolves with one raw vector per row once every row has been
   * inferred. Rejects with `OVERLOADED` when the queue is full (a request is always accepted into an
   * empty queue), or with the signal's reason when it is aborted first.
   */
  submit(model: string, rows: readonly EncodedText[], signal?: AbortSignal): Promise<BatchOutcome> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (rows.length === 0) return Promise.resolve({ vectors: [], queueMs: 0, inferenceMs: 0 });
    try {
      this.assertCapacity(model, rows.length);
    } catch (error) {
      return Promise.reject(error);
    }
    const lane = this.#lane(model);
    return new Promise<BatchOutcome>((resolve, reject) => {
      const onAbort = (): void => this.#fail(lane, request, abortReason(signal));
      const request: PendingRequest = {
        rows,
        tokenCounts: rows.map((row) => row.tokenCount),
        vectors: new Array<Float32Array | undefined>(rows.length),
        enqueuedAt: this.#now(),
        next: 0,
        remaining: rows.length,
        inferenceMs: 0,
        settled: false,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      lane.queue.push(request);
      lane.waitingRows += rows.length;
      this.#pump(model, lane);
    });
  }

  /** Rows waiting (not yet dispatched) for `model`. */
  queueDepth(model: string): number {
    return this.#lanes.get(model)?.waitingRows ?? 0;
  }

  /** Rows waiting, per model that has a queue. */
  queueDepths(): Map<string, number> {
    return new Map([...this.#lanes].map(([model, lane]) => [model, lane.waitingRows]));
  }

  /** A hint for `Retry-After`: the time to work through `model`'s queue, in whole seconds (at least 1). */
  retryAfterSeconds(model: string): number {
    const lane = this.#lanes.get(model);
    if (!lane) return 1;
    const batches = Math.ceil(lane.waitingRows / this.#options.maxBatchSize);
    return Math.max(1, Math.ceil((batches * lane.averageBatchMs) / 1000));
  }

  #lane(model: string): Lane {
    let lane = this.#lanes.get(model);
    if (!lane) {
      lane = { queue: [], waitingRows: 0, running: false, averageBatchMs: 0 };
      this.#lanes.set(model, lane);
    }
    return lane;
  }

  #pump(model: string, lane: Lane): void {
    if (lane.running || lane.queue.length === 0) return;
    const slices = formBatch(lane.queue, this.#options).map((slice) => ({
      request: lane.queue[slice.entry] as PendingRequest,
      start: slice.start,
      end: slice.end,
    }));
    const rows: EncodedText[] = [];
    let longest = 0;
    let tokens = 0;
    for (const { request, start, end } of slices) {
      for (let i = start; i < end; i++) {
        const row = request.rows[i] as EncodedText;
        rows.push(row);
        tokens += row.tokenCount;
        longest = Math.max(longest, row.tokenCount);
      }
      request.next = end;
      lane.waitingRows -= end - start;
    }
    this.#dropDispatched(lane);
    lane.running = true;
    const startedAt = this.#now();
    const finish = (ok: boolean): number => {
      const durationMs = this.#now() - startedAt;
      lane.averageBatchMs =
        lane.averageBatchMs === 0 ? durationMs : 0.8 * lane.averageBatchMs + 0.2 * durationMs;
      this.#options.onBatch?.({
        model,
        rows: rows.length,
        tokens,
        paddedTokens: longest * rows.length,
        durationMs,
        ok,
      });
      return durationMs;
    };
    this.#options
      .run(model, rows)
      .then(
        (vectors) => {
          const durationMs = finish(true);
          let offset = 0;
          for (const { request, start, end } of slices) {
            for (let i = start; i < end; i++) request.vectors[i] = vectors[offset++];
            request.inferenceMs += durationMs;
            request.remaining -= end - start;
            if (request.remaining === 0) this.#succeed(request);
          }
        },
        async (error: unknown) => {
          finish(false);
          if (slices.length === 1) {
            for (const { request } of slices) this.#fail(lane, request, error);
            return;
          }
          // Several requests shared the failed batch: run each one's rows alone, so that only the
          // request whose rows cannot be inferred fails.
          for (const { request, start, end } of slices) {
            if (request.settled) continue;
            try {
              const vectors = await this.#options.run(model, request.rows.slice(start, end));
              for (let i = start; i < end; i++) request.vectors[i] = vectors[i - start];
              request.remaining -= end - start;
              if (request.remaining === 0) this.#succeed(request);
            } catch (isolated) {
              this.#fail(lane, request, isolated);
            }
          }
        },
      )
      .finally(() => {
        lane.running = false;
        this.#pump(model, lane);
      });
  }

  /** Removes requests whose rows have all been dispatched from the waiting queue. */
  #dropDispatched(lane: Lane): void {
    let kept = 0;
    for (const request of lane.queue) {
      if (request.next < request.rows.length) lane.queue[kept++] = request;
    }
    lane.queue.length = kept;
  }

  #succeed(request: PendingRequest): void {
    if (request.settled) return;
    request.settled = true;
    request.detach();
    const vectors = request.vectors.filter((vector): vector is Float32Array => vector !== undefined);
    if (vectors.length !== request.rows.length) {
      request.reject(
        new AkidbError('INTERNAL', `A batch returned ${vectors.length} of ${request.rows.length} vectors`),
      );
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
  #fail(lane: Lane, request: PendingRequest, error: unknown): void {
    if (request.settled) return;
    request.settled = true;
    request.detach();
    const index = lane.queue.indexOf(request);
    if (index >= 0) {
      lane.queue.splice(index, 1);
      lane.waitingRows -= request.rows.length - request.next;
      request.next = request.rows.length;
    }
    request.reject(error);
  }
}
