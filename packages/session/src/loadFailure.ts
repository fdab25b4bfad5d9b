import { describeError } from './errors.js';

/**
 * True when ONNX Runtime rejected the model file itself (unreadable, not protobuf, no graph,
 * unsupported IR/opset) rather than the execution provider. Such a failure would repeat on
 * every provider, so there is no point in falling back.
 */
export function isModelFileError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Load model from|Protobuf parsing failed|ModelProto|model path is a directory|Unsupported model IR version|INVALID_PROTOBUF/i.test(
    message,
  );
}

/** A short, path-free explanation of why ONNX Runtime could not load a model. */
export function loadFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Protobuf parsing failed|INVALID_PROTOBUF/i.test(message)) {
    return 'the file is not a valid ONNX model (protobuf parsing failed: it may be truncated, corrupt or of another format).';
  }
  if (/ModelProto does not have a graph/i.test(message)) {
    return 'the file holds no ONNX graph (it is empty or not an ONNX model).';
  }
  if (/File doesn't exist|No such file/i.test(message)) {
    return 'the file does not exist.';
  }
  if (/Unsupported model IR version|opset/i.test(message)) {
    return `this ONNX Runtime cannot run the model's IR or opset version (${describeError(error)}).`;
  }
  return `ONNX Runtime rejected it: ${describeError(error)}`;
}
