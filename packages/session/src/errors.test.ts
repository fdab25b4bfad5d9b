import { describe, expect, it } from 'vitest';
import { describeError, modelLoadFailed, redactPaths } from './errors.js';

describe('redactPaths', () => {
  it('cuts absolute POSIX and Windows paths down to file names', () => {
    expect(redactPaths('Load model from /home/ci/.cache/akidb/models/x/model.onnx failed')).toBe(
      'Load model from model.onnx failed',
    );
    expect(redactPaths('at /onnxruntime_src/onnxruntime/core/graph/model.cc:187 Model')).toBe(
      'at model.cc:187 Model',
    );
    expect(redactPaths('cannot open C:\\Users\\me\\models\\model.onnx')).toBe('cannot open model.onnx');
  });

  it('leaves relative text and single slashes alone, and folds whitespace', () => {
    expect(redactPaths('input/output names\n  differ')).toBe('input/output names differ');
  });
});

describe('modelLoadFailed', () => {
  it('names only the file and keeps the cause', () => {
    const cause = new Error('Load model from /srv/models/m/model.onnx failed');
    const error = modelLoadFailed('/srv/models/m/model.onnx', 'the file is empty.', cause);
    expect(error.code).toBe('MODEL_LOAD_FAILED');
    expect(error.message).toBe('Could not load ONNX model "model.onnx": the file is empty.');
    expect(error.details).toEqual({ file: 'model.onnx' });
    expect(error.cause).toBe(cause);
    expect(describeError(cause)).toBe('Load model from model.onnx failed');
  });
});
