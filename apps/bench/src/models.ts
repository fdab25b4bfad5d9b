import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { modelDirectory } from '@akidb/core';

/** What the bench needs to know about an installed model (from its `manifest.json`). */
export interface BenchModel {
  id: string;
  dir: string;
  modelFile: string;
  modelPath: string;
  modelBytes: number;
  dimension: number;
  maxTokens: number;
  pooling: string;
  quantization: string;
}

/**
 * Installed models under `<home>/models`: directories with a `manifest.json` and the model file it
 * names. Sorted by id.
 *
 * @example
 * const models = await listInstalledModels(resolveAkidbHome());
 */
export async function listInstalledModels(home: string): Promise<BenchModel[]> {
  const entries = await readdir(join(home, 'models'), { withFileTypes: true }).catch(() => []);
  const models: BenchModel[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const model = await readBenchModel(entry.name, home).catch(() => undefined);
    if (model) models.push(model);
  }
  return models.sort((a, b) => a.id.localeCompare(b.id));
}

/** Reads one installed model's manifest; throws when it is missing or incomplete. */
export async function readBenchModel(id: string, home: string): Promise<BenchModel> {
  const dir = modelDirectory(id, home);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const files = Array.isArray(manifest.files) ? (manifest.files as { path?: unknown; role?: unknown }[]) : [];
  const modelEntry = files.find((file) => file.role === 'model');
  const modelFile = typeof modelEntry?.path === 'string' ? modelEntry.path : 'model.onnx';
  const modelPath = join(dir, modelFile);
  const { size } = await stat(modelPath);
  return {
    id: typeof manifest.id === 'string' ? manifest.id : id,
    dir,
    modelFile,
    modelPath,
    modelBytes: size,
    dimension: requireNumber(manifest.dimension, 'dimension', id),
    maxTokens: requireNumber(manifest.maxTokens, 'maxTokens', id),
    pooling: typeof manifest.pooling === 'string' ? manifest.pooling : 'mean',
    quantization: typeof manifest.quantization === 'string' ? manifest.quantization : 'fp32',
  };
}

function requireNumber(value: unknown, field: string, id: string): number {
  if (typeof value !== 'number') throw new Error(`manifest of "${id}" has no numeric "${field}"`);
  return value;
}
