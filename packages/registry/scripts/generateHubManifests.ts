/**
 * Writes the Hub model manifests in `models/` (bge-small-en-v1.5, gte-small, e5-small-v2 and the
 * Qwen3-Embedding sizes). bge-small and gte-small download pinned ONNX exports: sizes and sha256 of
 * tokenizer/config files are computed from the real files in the hub-metadata directory, ONNX weights
 * use the sizes and hashes pinned in its README. e5-small-v2 and Qwen3-Embedding have no pinned ONNX
 * export: they are `hub-convert` models, whose safetensors `akidb models pull` downloads and converts
 * locally (tools/models/convert.py), so their files have `null` sizes/hashes until converted.
 *
 * Usage: pnpm --filter @akidb/registry manifests:hub <hub-metadata dir> [<models dir>]
 * The files are then formatted with the repo's Biome, so `pnpm lint` accepts them as written.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type FileRole, type ManifestFile, parseManifest, serializeManifest } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const [metadataDir, modelsDir = join(repoRoot, 'models')] = process.argv.slice(2);
if (!metadataDir) throw new Error('usage: generateHubManifests.ts <hub-metadata dir> [<models dir>]');

const QWEN_QUERY =
  'Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery:';

async function local(dir: string, path: string, role: FileRole): Promise<ManifestFile> {
  const bytes = await readFile(join(metadataDir!, dir, path));
  return { path, role, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function bertTokenizerFiles(dir: string): Promise<ManifestFile[]> {
  return Promise.all([
    local(dir, 'tokenizer.json', 'tokenizer'),
    local(dir, 'tokenizer_config.json', 'tokenizer-config'),
    local(dir, 'config.json', 'config'),
    local(dir, 'special_tokens_map.json', 'special-tokens'),
  ]);
}

const unknown = (path: string, role: FileRole): ManifestFile => ({ path, role, size: null, sha256: null });

const bertSmall = {
  family: 'bert',
  parameters: 33_360_000,
  dimension: 384,
  maxTokens: 512,
  normalize: true,
  paddingSide: 'right',
  defaultPrompt: null,
  languages: ['en'],
  license: 'mit',
  matryoshkaDimensions: null,
  unavailable: null,
} as const;

/** Qwen3-Embedding: `variant` fp32 (external weight data over 2 GB), fp16 or int8, converted on pull. */
function qwen3(size: string, shape: QwenShape, variant: 'fp32' | 'fp16' | 'int8' = 'fp32'): unknown {
  const { dimension, parameters } = shape;
  const dims = [32, 64, 128, 256, 512, 1024, 2048, 4096].filter((d) => d < dimension);
  const bytesPerWeight = { fp32: 4, fp16: 2, int8: 1.5 }[variant];
  const external = parameters * bytesPerWeight > 1.8e9;
  const suffix = variant === 'fp32' ? '' : `-${variant}`;
  const kind = {
    fp32: 'ONNX fp32',
    fp16: 'ONNX fp16 (fp16 weights and arithmetic, fp32 inputs and outputs)',
    int8: 'ONNX int8 (dynamic quantization; attention projections kept in fp32)',
  }[variant];
  return {
    id: `qwen3-embedding-${size.toLowerCase()}${suffix}`,
    aliases: [
      `qwen3-${size.toLowerCase()}${suffix}`,
      ...(variant === 'fp32' ? [`Qwen/Qwen3-Embedding-${size}`] : []),
    ],
    family: 'qwen3',
    description:
      `Qwen3-Embedding-${size}, ${kind}${external ? ' with external weight data' : ''}, converted locally from ` +
      'the Hub safetensors by `akidb models pull`. Native context is 32768 tokens; maxTokens is capped at 8192 ' +
      'for this runtime (CPU attention memory). <|endoftext|> appended, left padding, last-token pooling; ' +
      'queries take an instruction prompt.',
    parameters,
    dimension,
    maxTokens: 8192,
    pooling: 'last',
    normalize: true,
    paddingSide: 'left',
    appendToken: '<|endoftext|>',
    prompts: { query: QWEN_QUERY, document: '', passage: '' },
    defaultPrompt: null,
    languages: ['multilingual'],
    license: 'apache-2.0',
    quantization: variant,
    matryoshkaDimensions: [...dims, dimension],
    memoryMB: Math.ceil(((parameters * bytesPerWeight) / 2 ** 20) * 1.1 + 300),
    source: { type: 'hub-convert', repo: `Qwen/Qwen3-Embedding-${size}`, revision: 'main' },
    files: [
      unknown('model.onnx', 'model'),
      ...(external ? [unknown('model.onnx_data', 'model-data')] : []),
      unknown('tokenizer.json', 'tokenizer'),
      unknown('tokenizer_config.json', 'tokenizer-config'),
      unknown('config.json', 'config'),
    ],
    unavailable: null,
  };
}

interface QwenShape {
  dimension: number;
  /** Qwen3Model parameters (tied embeddings, no LM head), as tools/models counts them. */
  parameters: number;
}

const QWEN_0_6B: QwenShape = { dimension: 1024, parameters: 595_776_512 };
const QWEN_4B: QwenShape = { dimension: 2560, parameters: 4_021_784_576 };
const QWEN_8B: QwenShape = { dimension: 4096, parameters: 7_567_311_872 };
const manifests: unknown[] = [
  {
    id: 'bge-small-en-v1.5',
    aliases: ['bge-small', 'BAAI/bge-small-en-v1.5', 'Xenova/bge-small-en-v1.5'],
    ...bertSmall,
    description:
      'BAAI bge-small-en-v1.5 as exported by Xenova (onnx/model.onnx). The pinned file holds 2 bytes per ' +
      'parameter (66.7 MB for 33.4M), i.e. fp16 weights. CLS pooling; queries take an instruction prompt.',
    pooling: 'cls',
    prompts: { query: 'Represent this sentence for searching relevant passages: ', passage: '' },
    quantization: 'fp16',
    memoryMB: 130,
    source: { type: 'hub', repo: 'Xenova/bge-small-en-v1.5', revision: 'main' },
    files: [
      {
        path: 'model.onnx',
        role: 'model',
        size: 66_749_212,
        sha256: '4d76223b73a3fd708f009a93a830a6ed5e536b07c77d3c812ba7b35a4988d767',
        remotePath: 'onnx/model.onnx',
      },
      ...(await bertTokenizerFiles('bge-small-en-v1.5')),
    ],
  },
  {
    id: 'gte-small',
    aliases: ['thenlper/gte-small', 'Supabase/gte-small'],
    ...bertSmall,
    description:
      'Alibaba DAMO gte-small as exported by Supabase (onnx/model.onnx, fp32). Mean pooling, no prompts.',
    pooling: 'mean',
    prompts: {},
    quantization: 'fp32',
    memoryMB: 250,
    source: { type: 'hub', repo: 'Supabase/gte-small', revision: 'main' },
    files: [
      {
        path: 'model.onnx',
        role: 'model',
        size: 133_093_491,
        sha256: 'b9c15a9afac5d465bda995eca8010fac61efc79c827bc980085810e37d271795',
        remotePath: 'onnx/model.onnx',
      },
      ...(await bertTokenizerFiles('gte-small')),
    ],
  },
  {
    id: 'e5-small-v2',
    aliases: ['e5-small', 'intfloat/e5-small-v2'],
    ...bertSmall,
    description:
      'intfloat e5-small-v2, ONNX fp32 converted locally from the Hub safetensors by `akidb models pull`. ' +
      'Mean pooling; inputs take "query: " or "passage: " prefixes.',
    pooling: 'mean',
    prompts: { query: 'query: ', passage: 'passage: ' },
    quantization: 'fp32',
    memoryMB: 250,
    source: { type: 'hub-convert', repo: 'intfloat/e5-small-v2', revision: 'main' },
    files: [
      unknown('model.onnx', 'model'),
      unknown('tokenizer.json', 'tokenizer'),
      unknown('tokenizer_config.json', 'tokenizer-config'),
      unknown('config.json', 'config'),
      unknown('special_tokens_map.json', 'special-tokens'),
    ],
  },
  qwen3('0.6B', QWEN_0_6B),
  qwen3('0.6B', QWEN_0_6B, 'fp16'),
  qwen3('0.6B', QWEN_0_6B, 'int8'),
  qwen3('4B', QWEN_4B),
  qwen3('8B', QWEN_8B),
];

const written: string[] = [];
for (const json of manifests) {
  const id = (json as { id: string }).id;
  const manifest = parseManifest(json, `${id}.json`);
  const path = join(modelsDir, `${id}.json`);
  await writeFile(path, serializeManifest(manifest));
  written.push(path);
  console.log(`wrote ${id}.json (${manifest.source.type})`);
}
execFileSync(join(repoRoot, 'node_modules', '.bin', 'biome'), ['format', '--write', ...written], {
  cwd: repoRoot,
  stdio: 'inherit',
});
