import { InferenceSession } from 'onnxruntime-node';
import type { SessionFeeds, SessionResults, SessionThread, ValueMetadata } from './types.js';
import type { MayDetach } from './wireTensors.js';

/** onnxruntime-node's metadata as plain {@link ValueMetadata}. */
export function toMetadata(values: readonly InferenceSession.ValueMetadata[]): ValueMetadata[] {
  return values.map((m) =>
    m.isTensor
      ? { name: m.name, isTensor: true, type: m.type, shape: [...m.shape] }
      : { name: m.name, isTensor: false, shape: [] },
  );
}

/** One native ONNX Runtime session, wherever it lives. */
export interface NativeSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ValueMetadata[];
  readonly outputMetadata: readonly ValueMetadata[];
  /**
   * Runs the session. `mayDetach` says which input arrays a worker hop may transfer rather than
   * copy; the main-thread session uses the inputs in place and ignores it.
   */
  run(
    feeds: SessionFeeds,
    fetches: readonly string[] | undefined,
    mayDetach: MayDetach,
  ): Promise<SessionResults>;
  /** Frees the native session. */
  release(): Promise<void>;
}

/** Creates native sessions on one thread: the calling one, or a worker of its own. */
export interface SessionHost {
  readonly runIn: SessionThread;
  /** `InferenceSession.create(path, options)` on the host's thread. */
  create(path: string, options: InferenceSession.SessionOptions): Promise<NativeSession>;
  /** Ends the host (terminates its worker) once its session is released or was never created. */
  close(): Promise<void>;
}

function inThreadSession(session: InferenceSession): NativeSession {
  return {
    inputNames: [...session.inputNames],
    outputNames: [...session.outputNames],
    inputMetadata: toMetadata(session.inputMetadata),
    outputMetadata: toMetadata(session.outputMetadata),
    run: (feeds, fetches) => (fetches === undefined ? session.run(feeds) : session.run(feeds, fetches)),
    release: () => session.release(),
  };
}

/** The host for `runIn: 'main'`: sessions on the calling thread, which each inference blocks. */
export const mainThreadHost: SessionHost = {
  runIn: 'main',
  create: async (path, options) => inThreadSession(await InferenceSession.create(path, options)),
  close: async () => {},
};
