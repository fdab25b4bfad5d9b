import { Tensor } from 'onnxruntime-node';
import { inferenceFailed, invalidInput } from './errors.js';
import type { EncoderInput, IdArray, ValueMetadata } from './types.js';

/** Inputs a text encoder may declare, and the {@link EncoderInput} field feeding each. */
const ENCODER_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

function checkDimension(name: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 1)) {
    throw invalidInput(`${name} must be a positive whole number, got ${value}.`);
  }
}

function toInt64(values: IdArray, field: string): BigInt64Array {
  if (values instanceof BigInt64Array) {
    return values;
  }
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isSafeInteger(v)) {
      throw invalidInput(`${field}[${i}] must be a whole number, got ${v}.`);
    }
    out[i] = BigInt(v);
  }
  return out;
}

function toInt32(values: IdArray, field: string): Int32Array {
  if (values instanceof Int32Array) {
    return values;
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw invalidInput(`${field}[${i}] must be a 32-bit whole number, got ${values[i]}.`);
    }
    out[i] = v;
  }
  return out;
}

function tensorFor(meta: ValueMetadata, values: IdArray, field: string, dims: readonly number[]): Tensor {
  if (meta.type === 'int32') {
    return new Tensor('int32', toInt32(values, field), dims);
  }
  if (meta.type !== undefined && meta.type !== 'int64') {
    throw inferenceFailed(
      `Model input "${meta.name}" has element type ${meta.type}; text encoders take int64 or int32 ids.`,
      undefined,
      { input: meta.name, type: meta.type },
    );
  }
  return new Tensor('int64', toInt64(values, field), dims);
}

/**
 * Builds the feeds for the inputs the model declares: `input_ids`, `attention_mask` and
 * `token_type_ids` (zeros when the model wants them and none are given), typed as the model
 * declares them (int64, or int32). Throws INPUT_INVALID for malformed input and
 * INFERENCE_FAILED when the model needs an input a text encoder cannot provide.
 */
export function buildEncoderFeeds(
  input: EncoderInput,
  inputs: readonly ValueMetadata[],
): Record<string, Tensor> {
  checkDimension('batchSize', input.batchSize);
  checkDimension('seqLength', input.seqLength);
  const size = input.batchSize * input.seqLength;
  const sources: Record<(typeof ENCODER_INPUTS)[number], [IdArray | undefined, string]> = {
    input_ids: [input.inputIds, 'inputIds'],
    attention_mask: [input.attentionMask, 'attentionMask'],
    token_type_ids: [input.tokenTypeIds ?? new BigInt64Array(size), 'tokenTypeIds'],
  };
  for (const [values, field] of Object.values(sources)) {
    if (values !== undefined && values.length !== size) {
      throw invalidInput(
        `${field} has ${values.length} entries; batchSize × seqLength is ${input.batchSize} × ${input.seqLength} = ${size}.`,
        { field, expected: size, actual: values.length },
      );
    }
  }
  const unsupported = inputs.filter((m) => !(ENCODER_INPUTS as readonly string[]).includes(m.name));
  if (unsupported.length > 0) {
    throw inferenceFailed(
      `The model needs inputs a text encoder cannot provide: ${unsupported.map((m) => m.name).join(', ')}. ` +
        'Use run() with your own feeds.',
      undefined,
      { unsupportedInputs: unsupported.map((m) => m.name) },
    );
  }
  const dims = [input.batchSize, input.seqLength];
  const feeds: Record<string, Tensor> = {};
  for (const meta of inputs) {
    const [values, field] = sources[meta.name as (typeof ENCODER_INPUTS)[number]];
    if (values === undefined) {
      throw invalidInput(`${field} is required by this model.`);
    }
    feeds[meta.name] = tensorFor(meta, values, field, dims);
  }
  return feeds;
}
