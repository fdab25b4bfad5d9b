/**
 * The messages between the main thread and `sessionWorker.mjs`. The worker is plain JavaScript (so
 * that it loads unchanged from `src/` and from `dist/`); these types are its contract. One worker
 * holds at most one native session.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';

/** A CPU tensor as posted between threads; typed-array data travels as a transferred buffer. */
export interface WireTensor {
  readonly type: Tensor.Type;
  readonly data: Tensor.DataType;
  readonly dims: readonly number[];
}

/** Tensors by input or output name. */
export type WireTensors = Readonly<Record<string, WireTensor>>;

/** Creates the worker's native session (`InferenceSession.create(path, options)`). */
export interface CreateRequest {
  readonly id: number;
  readonly op: 'create';
  readonly path: string;
  readonly options: InferenceSession.SessionOptions;
}

/** Runs the session; `fetches` limits the outputs computed. */
export interface RunRequest {
  readonly id: number;
  readonly op: 'run';
  readonly feeds: WireTensors;
  readonly fetches?: readonly string[];
}

/** Frees the native session; the worker then waits to be terminated. */
export interface ReleaseRequest {
  readonly id: number;
  readonly op: 'release';
}

export type WorkerRequest = CreateRequest | RunRequest | ReleaseRequest;

/** What `create` answers: the session's names and onnxruntime-node metadata. */
export interface CreatedSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly InferenceSession.ValueMetadata[];
}

/** An error thrown in the worker, as plain data (rebuilt into an `Error` on the main thread). */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/** The answer to one request, matched by `id`. `value` is a {@link CreatedSession} for `create`, {@link WireTensors} for `run`. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WireError };
