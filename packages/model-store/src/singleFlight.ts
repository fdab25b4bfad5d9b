interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

/**
 * Runs one piece of work per key at a time; callers arriving while it runs share its result. Each
 * caller may leave early with its own signal; the work itself is aborted only when every caller left.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** Joins the flight for `key`, starting `work` if none is running. */
  run(
    key: string,
    signal: AbortSignal | undefined,
    onCancel: (reason: unknown) => Error,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(onCancel(signal.reason));
    let flight = this.flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      const started: Flight<T> = { promise: Promise.resolve(undefined as T), controller, waiters: 0 };
      started.promise = work(controller.signal).finally(() => {
        if (this.flights.get(key) === started) this.flights.delete(key);
      });
      this.flights.set(key, started);
      flight = started;
    }
    const joined = flight;
    joined.waiters += 1;
    if (!signal) return joined.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        joined.waiters -= 1;
        if (joined.waiters === 0) joined.controller.abort(signal.reason);
        reject(onCancel(signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      joined.promise.then(
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

  /** Resolves once the work running for `key`, if any, has settled. */
  async settled(key: string): Promise<void> {
    await this.flights.get(key)?.promise.catch(() => undefined);
  }
}
