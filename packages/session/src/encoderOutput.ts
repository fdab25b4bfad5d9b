import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { inferenceFailed } from './errors.js';
import type { EncoderOutput, OutputKind, ValueMetadata } from './types.js';

/** The output {@link OnnxSession.runEncoder} reads, and what it holds. */
export interface EncoderOutputChoice {
  readonly name: string;
  readonly kind: OutputKind;
}

const FLOAT_TYPES: readonly string[] = ['float32', 'float16'];
const TOKEN_NAMES: readonly string[] = ['last_hidden_state', 'token_embeddings'];
const POOLED_NAMES: readonly string[] = ['sentence_embedding', 'pooler_output'];

const isFloat = (m: ValueMetadata): boolean => m.isTensor && FLOAT_TYPES.includes(m.type ?? '');
const rankIs = (m: ValueMetadata, rank: number): boolean => m.shape.length === rank;
const rankUnknownOr = (m: ValueMetadata, rank: number): boolean => m.shape.length === 0 || rankIs(m, rank);

/**
 * Picks the encoder output: `last_hidden_state`, else `token_embeddings`, else the first 3-D float
 * output (token embeddings); failing those, `sentence_embedding`, `pooler_output` or the first 2-D
 * float output (already pooled). Undefined when the model has none of these.
 */
export function chooseEncoderOutput(outputs: readonly ValueMetadata[]): EncoderOutputChoice | undefined {
  const floats = outputs.filter(isFloat);
  const token =
    TOKEN_NAMES.map((n) => floats.find((m) => m.name === n && rankUnknownOr(m, 3))).find(Boolean) ??
    floats.find((m) => rankIs(m, 3));
  if (token !== undefined) {
    return { name: token.name, kind: 'token' };
  }
  const pooled =
    POOLED_NAMES.map((n) => floats.find((m) => m.name === n && rankUnknownOr(m, 2))).find(Boolean) ??
    floats.find((m) => rankIs(m, 2));
  return pooled === undefined ? undefined : { name: pooled.name, kind: 'pooled' };
}

/** The hidden size when the chosen output's last dimension is static. */
export function staticHiddenSize(
  outputs: readonly ValueMetadata[],
  choice: EncoderOutputChoice,
): number | undefined {
  const shape = outputs.find((m) => m.name === choice.name)?.shape ?? [];
  const last = shape[shape.length - 1];
  return typeof last === 'number' && last > 0 ? last : undefined;
}

/** IEEE 754 half precision to single precision. */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function toFloat32(tensor: Tensor): Float32Array {
  if (tensor.type === 'float32' && tensor.data instanceof Float32Array) {
    return tensor.data;
  }
  if (tensor.type === 'float16' && tensor.data instanceof Uint16Array) {
    return Float32Array.from(tensor.data, halfToFloat);
  }
  throw inferenceFailed(`Encoder output has element type ${tensor.type}; expected float32 or float16.`);
}

/** Reads and checks the chosen output of a run: `[batch, seq, hidden]` or `[batch, hidden]`. */
export function readEncoderOutput(
  results: InferenceSession.ReturnType,
  choice: EncoderOutputChoice,
  shape: { readonly batchSize: number; readonly seqLength: number; readonly hiddenSize: number },
): EncoderOutput {
  const tensor = results[choice.name] as Tensor | undefined;
  if (tensor === undefined) {
    throw inferenceFailed(`The model returned no "${choice.name}" output.`);
  }
  const dims = [...tensor.dims];
  const expected =
    choice.kind === 'token'
      ? [shape.batchSize, shape.seqLength, shape.hiddenSize]
      : [shape.batchSize, shape.hiddenSize];
  if (dims.length !== expected.length || expected.some((d, i) => dims[i] !== d)) {
    throw inferenceFailed(
      `Output "${choice.name}" has shape [${dims.join(', ')}]; expected [${expected.join(', ')}].`,
      undefined,
      { output: choice.name, dims, expected },
    );
  }
  return { data: toFloat32(tensor), dims, outputName: choice.name, outputKind: choice.kind };
}
