import { SMALL_MODEL } from './support/inProcessServer.js';
import { type DeriveOptions, type ModelHome, readModelFile } from './support/modelHome.js';

/** A model with a broken file, and the answer a request for it must get. */
export interface BrokenModel {
  readonly id: string;
  readonly status: number;
  readonly code: string;
  /** `details.reason` of a MODEL_LOAD_FAILED: the code of the underlying failure. */
  readonly reason?: string;
  readonly make: () => Promise<DeriveOptions>;
}

const modelBytes = (): Promise<Buffer> => readModelFile(SMALL_MODEL, 'model.onnx');

/** Every broken copy of the small model the fault suite loads. */
export const BROKEN_MODELS: readonly BrokenModel[] = [
  {
    id: 'model-truncated',
    status: 503,
    code: 'MODEL_LOAD_FAILED',
    make: async () => {
      const bytes = await modelBytes();
      return { files: { 'model.onnx': bytes.subarray(0, Math.floor(bytes.length / 2)) } };
    },
  },
  {
    id: 'model-garbage',
    status: 503,
    code: 'MODEL_LOAD_FAILED',
    make: async () => ({ files: { 'model.onnx': new Uint8Array(64 * 1024).fill(0x5a) } }),
  },
  {
    id: 'model-empty',
    status: 503,
    code: 'MODEL_LOAD_FAILED',
    make: async () => ({ files: { 'model.onnx': new Uint8Array(0) } }),
  },
  {
    id: 'model-missing',
    status: 404,
    code: 'MODEL_NOT_INSTALLED',
    make: async () => ({ files: { 'model.onnx': null } }),
  },
  {
    id: 'model-bytes-changed',
    status: 503,
    code: 'MODEL_LOAD_FAILED',
    reason: 'CHECKSUM_MISMATCH',
    make: async () => {
      const bytes = Buffer.from(await modelBytes());
      bytes.fill(0, 4096, 8192);
      return { files: { 'model.onnx': bytes }, pinHashes: false };
    },
  },
  {
    id: 'model-of-another-width',
    status: 503,
    code: 'MODEL_LOAD_FAILED',
    make: async () => ({ borrow: { 'model.onnx': 'all-mpnet-base-v2-int8' } }),
  },
  {
    id: 'tokenizer-truncated',
    status: 503,
    code: 'MODEL_LOAD_FAILED',
    reason: 'TOKENIZER_INVALID',
    make: async () => {
      const text = (await readModelFile(SMALL_MODEL, 'tokenizer.json')).toString('utf8');
      return { files: { 'tokenizer.json': text.slice(0, text.length / 2) } };
    },
  },
  {
    id: 'tokenizer-not-a-tokenizer',
    status: 503,
    code: 'MODEL_LOAD_FAILED',
    reason: 'TOKENIZER_INVALID',
    make: async () => ({ files: { 'tokenizer.json': '{"version":"1.0","model":{"type":"Nonsense"}}' } }),
  },
  {
    id: 'tokenizer-binary',
    status: 503,
    code: 'MODEL_LOAD_FAILED',
    reason: 'TOKENIZER_INVALID',
    make: async () => ({ files: { 'tokenizer.json': new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80]) } }),
  },
  {
    id: 'tokenizer-config-garbage',
    status: 503,
    code: 'MODEL_LOAD_FAILED',
    reason: 'TOKENIZER_INVALID',
    make: async () => ({ files: { 'tokenizer_config.json': '{"model_max_length": ' } }),
  },
  {
    id: 'tokenizer-missing',
    status: 404,
    code: 'MODEL_NOT_INSTALLED',
    make: async () => ({ files: { 'tokenizer.json': null } }),
  },
];

/** Adds every {@link BROKEN_MODELS} entry to `home`. */
export async function deriveBrokenModels(home: ModelHome): Promise<void> {
  for (const broken of BROKEN_MODELS) await home.derive(broken.id, SMALL_MODEL, await broken.make());
}

/**
 * `baseId`'s tokenizer.json with `token` moved to id `id` (beyond the model's embedding table when
 * `id` is large): the tokenizer and the weights disagree.
 */
export async function poisonedTokenizer(baseId: string, token: string, id: number): Promise<string> {
  const json = JSON.parse((await readModelFile(baseId, 'tokenizer.json')).toString('utf8')) as {
    model: { vocab: Record<string, number> };
  };
  if (json.model.vocab[token] === undefined) throw new Error(`"${token}" is not in the vocabulary`);
  json.model.vocab[token] = id;
  return JSON.stringify(json);
}
