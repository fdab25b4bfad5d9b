import { Tensor } from 'onnxruntime-node';
import { invalidInput } from './errors.js';
import type { SessionFeeds, SessionResults } from './types.js';
import type { WireTensor, WireTensors } from './workerProtocol.js';

/** Whether the worker hop may detach (transfer) an input array instead of copying it. */
export type MayDetach = (data: ArrayBufferView) => boolean;

/** Feeds ready for `postMessage`: the tensors, and the buffers to transfer with them. */
export interface EncodedFeeds {
  readonly feeds: WireTensors;
  readonly transfer: ArrayBuffer[];
}

/** True when `view` spans its whole, non-shared buffer, which can then be transferred as is. */
export function isStandalone(view: ArrayBufferView): boolean {
  return (
    view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength
  );
}

/** The typed arrays tensors hold; each has `slice()` (a copy with a buffer of its own). */
type TensorArray = Exclude<Tensor.DataType, string[]>;

/**
 * Turns CPU tensors into {@link WireTensor}s. A typed array is transferred when `mayDetach` allows it
 * and it spans its whole buffer (once per buffer); otherwise exactly its elements are copied into a
 * new buffer, which is transferred (posting a view would clone the whole underlying buffer). String
 * tensors are cloned. Throws INPUT_INVALID for a tensor that is not in CPU memory.
 */
export function encodeFeeds(feeds: SessionFeeds, mayDetach: MayDetach): EncodedFeeds {
  const wire: Record<string, WireTensor> = {};
  const transfer: ArrayBuffer[] = [];
  for (const [name, tensor] of Object.entries(feeds)) {
    if (tensor.location !== 'cpu') {
      throw invalidInput(
        `Input "${name}" is a ${tensor.location} tensor; a session running in a worker takes CPU tensors only.`,
        { input: name, location: tensor.location },
      );
    }
    let data = tensor.data;
    if (ArrayBuffer.isView(data)) {
      const detachable =
        mayDetach(data) && isStandalone(data) && !transfer.includes(data.buffer as ArrayBuffer);
      if (!detachable) data = (data as TensorArray).slice();
      transfer.push(data.buffer as ArrayBuffer);
    }
    wire[name] = { type: tensor.type, data, dims: [...tensor.dims] };
  }
  return { feeds: wire, transfer };
}

/** Rebuilds onnxruntime-node tensors from the worker's output (their data is used as is). */
export function decodeResults(results: WireTensors): SessionResults {
  const out: Record<string, Tensor> = {};
  for (const [name, wire] of Object.entries(results)) {
    // The wire keeps the type and data of a tensor ORT built, so they match; the constructor's
    // overloads cannot see that through the union, hence one representative pair.
    out[name] = new Tensor(wire.type as 'float32', wire.data as Float32Array, wire.dims);
  }
  return out;
}
