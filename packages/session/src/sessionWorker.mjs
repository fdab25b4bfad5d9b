// The session worker: owns one onnxruntime-node InferenceSession, so that inference (which
// onnxruntime-node runs synchronously on the calling JavaScript thread) blocks this thread instead of
// the main event loop. Plain JavaScript importing only onnxruntime-node and Node builtins, so that the
// same file runs from `src/` (tests, tsx) and from `dist/` (the build copies it there).
// Protocol, typed on the TypeScript side in `workerProtocol.ts`: requests `{ id, op, ... }` with op
// `create` | `run` | `release`, answered by `{ id, ok: true, value }` or `{ id, ok: false, error }`.
// Choosing providers, falling back, caching and logging stay on the main thread.
// Native calls run one at a time behind `workerData.gate` (see `nativeCallGate.ts`), so that the main
// thread can hold process exit until the call in progress returns instead of terminating us inside it.
import { parentPort, workerData } from 'node:worker_threads';
import { InferenceSession, Tensor } from 'onnxruntime-node';

if (parentPort === null) {
  throw new Error('sessionWorker.mjs runs only as a worker thread (see @akidb/session createSession).');
}
const port = parentPort;

/** Gate states, as in `nativeCallGate.ts`. */
const IDLE = 0;
const BUSY = 1;
const CLOSED = 2;
const CLOSING = 3;
/** @type {Int32Array} */
const gate = workerData?.gate;
if (!(gate instanceof Int32Array)) {
  throw new Error('sessionWorker.mjs needs workerData.gate, an Int32Array over a SharedArrayBuffer.');
}
let lastCall = Promise.resolve();

/** Runs `call`, which enters onnxruntime-node, after the previous native call and with the gate BUSY. */
function nativeCall(call) {
  const result = lastCall.then(async () => {
    if (Atomics.compareExchange(gate, 0, IDLE, BUSY) !== IDLE) {
      throw new Error(
        'The ONNX session worker is closing (process exit or terminate); it starts no more work.',
      );
    }
    try {
      return await call();
    } finally {
      // A closer that came during the call (CLOSING) gets CLOSED, so no queued call can start.
      if (Atomics.compareExchange(gate, 0, BUSY, IDLE) === CLOSING) Atomics.store(gate, 0, CLOSED);
      Atomics.notify(gate, 0);
    }
  });
  lastCall = result.catch(() => {});
  return result;
}

/** @type {InferenceSession | undefined} */
let session;

/** True when `view` spans its whole, non-shared buffer, which can then be transferred as is. */
function isStandalone(view) {
  return (
    view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength
  );
}

/** Output tensors as `{ type, data, dims }`, with their buffers listed for transfer. */
function toWire(results) {
  const tensors = {};
  const transfer = [];
  for (const [name, tensor] of Object.entries(results)) {
    let data = tensor.data;
    if (ArrayBuffer.isView(data)) {
      if (!isStandalone(data) || transfer.includes(data.buffer)) data = data.slice();
      transfer.push(data.buffer);
    }
    tensors[name] = { type: tensor.type, data, dims: [...tensor.dims] };
  }
  return { value: tensors, transfer };
}

function requireSession() {
  if (session === undefined) throw new Error('The session worker holds no session.');
  return session;
}

const handlers = {
  async create({ path, options }) {
    if (session !== undefined) throw new Error('The session worker already holds a session.');
    session = await nativeCall(() => InferenceSession.create(path, options));
    const { inputNames, outputNames, inputMetadata, outputMetadata } = session;
    const value = {
      inputNames: [...inputNames],
      outputNames: [...outputNames],
      inputMetadata: inputMetadata.map((m) => ({ ...m, shape: m.isTensor ? [...m.shape] : [] })),
      outputMetadata: outputMetadata.map((m) => ({ ...m, shape: m.isTensor ? [...m.shape] : [] })),
    };
    return { value, transfer: [] };
  },
  async run({ feeds, fetches }) {
    const current = requireSession();
    const tensors = {};
    for (const [name, wire] of Object.entries(feeds))
      tensors[name] = new Tensor(wire.type, wire.data, wire.dims);
    const results = await nativeCall(() =>
      fetches === undefined ? current.run(tensors) : current.run(tensors, fetches),
    );
    return toWire(results);
  },
  async release() {
    const current = session;
    session = undefined;
    if (current !== undefined) await nativeCall(() => current.release());
    return { value: undefined, transfer: [] };
  },
};

port.on('message', async (request) => {
  try {
    const handler = handlers[request.op];
    if (handler === undefined) throw new Error(`Unknown session worker request "${request.op}".`);
    const { value, transfer } = await handler(request);
    port.postMessage({ id: request.id, ok: true, value }, transfer);
  } catch (error) {
    const wire =
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : { name: 'Error', message: String(error) };
    port.postMessage({ id: request.id, ok: false, error: wire });
  }
});
