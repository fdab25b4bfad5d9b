/**
 * A gate in shared memory between the main thread and one session worker, so that the worker is never
 * terminated while it is inside onnxruntime-node: terminating a worker during a native call makes the
 * binding throw a C++ exception nothing catches, and the whole process aborts (SIGABRT) instead of
 * exiting. That is what `process.exit()` during a batch would do, since Node terminates workers on exit.
 *
 * The worker (`sessionWorker.mjs`, which keeps its own copy of the four states) makes its native calls
 * one at a time, each flipping the gate from IDLE to BUSY and back. Closing the gate turns IDLE into
 * CLOSED at once, or BUSY into CLOSING, which the worker turns into CLOSED (not IDLE) when its call
 * returns; so a worker with more calls queued cannot slip another one in before the closer sees IDLE.
 * No native call starts once the gate is CLOSED. The same wait happens in main mode, where
 * `process.exit()` cannot even run before the batch on its thread is done.
 */

/** No native call in progress. */
const IDLE = 0;
/** The worker is inside onnxruntime-node (or about to enter it). */
const BUSY = 1;
/** The worker must not start another native call. */
const CLOSED = 2;
/** A native call is in progress and the gate closes when it returns. */
const CLOSING = 3;

/** A new, open gate, to hand to the worker as `workerData.gate`. */
export function createNativeCallGate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** Closes the gate, blocking the calling thread until the native call in progress, if any, returns. */
export function closeNativeCallGate(gate: Int32Array): void {
  while (!requestClose(gate)) Atomics.wait(gate, 0, CLOSING);
}

/** Closes the gate like {@link closeNativeCallGate}, but waits for the call in progress without blocking. */
export async function closeNativeCallGateAsync(gate: Int32Array): Promise<void> {
  while (!requestClose(gate)) {
    const wait = waitAsync(gate, 0, CLOSING);
    if (wait.async) await wait.value;
  }
}

/** `Atomics.waitAsync` (Node 16 and later), typed here: the ES2023 lib of the base tsconfig lacks it. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/** Moves the gate towards CLOSED; true once it is, false while the call in progress is still running. */
function requestClose(gate: Int32Array): boolean {
  const state = Atomics.compareExchange(gate, 0, IDLE, CLOSED);
  if (state === IDLE || state === CLOSED) return true;
  if (state === BUSY) Atomics.compareExchange(gate, 0, BUSY, CLOSING);
  return Atomics.load(gate, 0) === CLOSED;
}

const openGates = new Set<Int32Array>();
let exitListener: (() => void) | undefined;

/**
 * Closes `gate` when the process exits (the `'exit'` event comes before Node terminates workers), until
 * {@link forgetAtProcessExit} is called for it.
 */
export function closeAtProcessExit(gate: Int32Array): void {
  openGates.add(gate);
  if (exitListener === undefined) {
    exitListener = () => {
      for (const open of openGates) closeNativeCallGate(open);
      openGates.clear();
    };
    process.on('exit', exitListener);
  }
}

/** The worker behind `gate` has ended: nothing to wait for at exit. */
export function forgetAtProcessExit(gate: Int32Array): void {
  openGates.delete(gate);
}
