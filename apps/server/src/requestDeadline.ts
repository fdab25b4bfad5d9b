import { AkidbError, isAkidbError } from '@akidb/core';

/** A signal that fires when the client goes away or the deadline passes, and how to stop its timer. */
export interface RequestDeadline {
  readonly signal: AbortSignal;
  /** Clears the timer; call when the response is done. */
  dispose(): void;
}

/**
 * Combines the client's signal (aborted when the connection closes early) with a timeout. The
 * abort reason is an AkidbError: `CANCELLED` for the client, `TIMEOUT` for the deadline.
 *
 * @example
 * const deadline = createRequestDeadline(c.req.raw.signal, config.requestTimeoutMs);
 * try { await work(deadline.signal); } finally { deadline.dispose(); }
 */
export function createRequestDeadline(clientSignal: AbortSignal, timeoutMs: number): RequestDeadline {
  const controller = new AbortController();
  const onClientAbort = (): void => {
    controller.abort(new AkidbError('CANCELLED', 'The client closed the connection'));
  };
  const timer = setTimeout(() => {
    controller.abort(
      new AkidbError('TIMEOUT', `The request took longer than ${timeoutMs} ms`, { details: { timeoutMs } }),
    );
  }, timeoutMs);
  timer.unref();
  if (clientSignal.aborted) onClientAbort();
  else clientSignal.addEventListener('abort', onClientAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      clientSignal.removeEventListener('abort', onClientAbort);
    },
  };
}

/** The AkidbError an aborted signal carries (`CANCELLED` when its reason is something else). */
export function abortReason(signal: AbortSignal | undefined): AkidbError {
  const reason: unknown = signal?.reason;
  if (isAkidbError(reason)) return reason;
  return new AkidbError('CANCELLED', 'The request was cancelled', { cause: reason });
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it aborts (the work itself
 * may go on; its result is dropped).
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
