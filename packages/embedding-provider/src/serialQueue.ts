/**
 * Runs async jobs one at a time, in call order. One ONNX session runs one batch at a time: its
 * intra-op threads already use every core, so overlapping runs would only contend.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Queues `job`; resolves or rejects with its result. */
  run<T>(job: () => Promise<T>): Promise<T> {
    this.#pending++;
    const next = this.#tail.then(job, job);
    this.#tail = next.then(
      () => this.#pending--,
      () => this.#pending--,
    );
    return next;
  }

  /** Jobs queued or running. */
  get pending(): number {
    return this.#pending;
  }

  /** Resolves once every job queued so far has settled. */
  async idle(): Promise<void> {
    await this.#tail;
  }
}
