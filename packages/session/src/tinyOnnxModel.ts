/**
 * Writes tiny but real ONNX models (an embedding-table lookup) for tests that need shapes the
 * MiniLM export does not have: a hidden size only known at run time, a pooled output, int32 ids, float16
 * output. Test-only; not exported from the package. Encodes just the ONNX protobuf fields used.
 */

type Field = Uint8Array;

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

const concat = (parts: readonly Field[]): Field => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};
const int = (field: number, value: number | bigint): Field =>
  Uint8Array.from([...varint(field << 3), ...varint(value)]);
const bytes = (field: number, value: Field): Field =>
  concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(value.length)]), value]);
const str = (field: number, value: string): Field => bytes(field, new TextEncoder().encode(value));
const msg = (field: number, ...parts: Field[]): Field => bytes(field, concat(parts));

const ELEMENT_TYPES = { float32: 1, int32: 6, int64: 7, float16: 10 } as const;
type ElementType = keyof typeof ELEMENT_TYPES;

/** A value-info: name, element type and dims (number = static, string = symbolic). */
function valueInfo(field: number, name: string, type: ElementType, dims: (number | string)[]): Field {
  const shape = msg(2, ...dims.map((d) => (typeof d === 'number' ? msg(1, int(1, d)) : msg(1, str(2, d)))));
  return msg(field, str(1, name), msg(2, msg(1, int(1, ELEMENT_TYPES[type]), shape)));
}

function node(op: string, inputs: string[], outputs: string[], attributes: Field[] = []): Field {
  return msg(1, ...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(4, op), ...attributes);
}

/** Options of {@link tinyEncoderModel}. */
export interface TinyEncoderOptions {
  /** Element type of the id inputs (default int64). */
  readonly idType?: 'int64' | 'int32';
  /** `dynamic` reshapes through a runtime shape so that not even ORT's shape inference knows the width. */
  readonly hidden?: 'static' | 'dynamic';
  /** Name of the output (default `last_hidden_state`). */
  readonly outputName?: string;
  /** `pooled` adds a mean over the sequence, giving `[batch, hidden]`. */
  readonly pooled?: boolean;
  /** Output element type (default float32). */
  readonly outputType?: 'float32' | 'float16';
  /** Extra inputs the model declares (and ignores). */
  readonly extraInputs?: readonly string[];
  readonly withTokenTypeIds?: boolean;
}

/** The embedding table of every tiny model: 8 tokens × 4 dims, row k = [k, -k, k/2, 1/(k+1)]. */
export const TINY_TABLE: readonly (readonly number[])[] = Array.from({ length: 8 }, (_, k) => [
  k,
  -k,
  k / 2,
  1 / (k + 1),
]);

const MINUS_ONE = new Uint8Array(new BigInt64Array([-1n]).buffer);

/** Serialises a model whose output is `TINY_TABLE[input_ids]` (pooled: its mean over the sequence). */
export function tinyEncoderModel(options: TinyEncoderOptions = {}): Uint8Array {
  const idType = options.idType ?? 'int64';
  const outName = options.outputName ?? (options.pooled ? 'sentence_embedding' : 'last_hidden_state');
  const outType = options.outputType ?? 'float32';
  const dynamic = options.hidden === 'dynamic';
  const hiddenDim = dynamic ? 'hidden' : 4;
  const outDims = options.pooled ? ['batch', hiddenDim] : ['batch', 'seq', hiddenDim];
  const table = new Float32Array(TINY_TABLE.flat());
  const nodes = [
    node('Gather', ['table', 'input_ids'], ['tokens'], [msg(5, str(1, 'axis'), int(3, 0), int(20, 2))]),
  ];
  let last = 'tokens';
  if (dynamic) {
    nodes.push(node('Shape', ['input_ids'], ['ids_shape']));
    nodes.push(
      node('Concat', ['ids_shape', 'minus_one'], ['target'], [msg(5, str(1, 'axis'), int(3, 0), int(20, 2))]),
    );
    nodes.push(node('Reshape', [last, 'target'], ['reshaped']));
    last = 'reshaped';
  }
  if (options.pooled) {
    const axes = msg(5, str(1, 'axes'), int(8, 1), int(20, 7));
    const keepdims = msg(5, str(1, 'keepdims'), int(3, 0), int(20, 2));
    nodes.push(node('ReduceMean', [last], ['pooled'], [axes, keepdims]));
    last = 'pooled';
  }
  if (outType === 'float16') {
    nodes.push(node('Cast', [last], ['cast'], [msg(5, str(1, 'to'), int(3, 10), int(20, 2))]));
    last = 'cast';
  }
  nodes.push(node('Identity', [last], [outName]));
  const inputNames = ['input_ids', 'attention_mask', ...(options.withTokenTypeIds ? ['token_type_ids'] : [])];
  const graph = msg(
    7,
    ...nodes,
    str(2, 'tiny'),
    msg(5, int(1, 8), int(1, 4), int(2, 1), str(8, 'table'), bytes(9, new Uint8Array(table.buffer))),
    ...(dynamic ? [msg(5, int(1, 1), int(2, 7), str(8, 'minus_one'), bytes(9, MINUS_ONE))] : []),
    ...inputNames.map((n) => valueInfo(11, n, idType, ['batch', 'seq'])),
    ...(options.extraInputs ?? []).map((n) => valueInfo(11, n, 'int64', ['batch', 'seq'])),
    valueInfo(12, outName, outType, outDims),
  );
  return concat([int(1, 8), str(2, 'akidb-test'), graph, msg(8, str(1, ''), int(2, 13))]);
}
