import { AkidbError } from '@akidb/core';
import type { Deadline } from '@grpc/grpc-js';

/** What a call exposes for its lifetime: its deadline and a `cancelled` event (client gone or deadline passed). */
interface CallLike {
  getDeadline(): Deadline;
  on(event: 'cancelled', listener: () => void): unknown;
}

/** A call's signal, and how to stop its timer. */
export interface CallSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * The AbortSignal of one call: it aborts with `TIMEOUT` at the gRPC deadline the client set, and with
 * `CANCELLED` when the client cancels. The service abandons the work; grpc-js itself answers
 * `DEADLINE_EXCEEDED` / `CANCELLED` to the client.
 */
export function grpcCallSignal(call: CallLike): CallSignal {
  const controller = new AbortController();
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  let timer: NodeJS.Timeout | undefined;
  if (Number.isFinite(deadlineMs)) {
    const timeoutMs = Math.max(0, deadlineMs - Date.now());
    timer = setTimeout(() => {
      controller.abort(
        new AkidbError('TIMEOUT', 'The call passed its gRPC deadline', { details: { timeoutMs } }),
      );
    }, timeoutMs);
    timer.unref();
  }
  call.on('cancelled', () => {
    if (!controller.signal.aborted)
      controller.abort(new AkidbError('CANCELLED', 'The client cancelled the call'));
  });
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}
