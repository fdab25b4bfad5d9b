import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAkidbError } from '@akidb/core';
import type { HubConvertSource, ManifestFile, ModelManifest } from '@akidb/registry';
import { parseManifest, serializeManifest } from '@akidb/registry';
import { downloadSources, type SourceDownloadConfig, type SourceLock } from './downloadSources.js';
import { cancelledError, conversionInvalidError } from './errors.js';
import { hashFile } from './hashFile.js';
import { VerifiedStamp } from './verifiedStamp.js';

/** One conversion for a {@link ModelConverter} to run. */
export interface ConvertJob {
  /** The model's manifest: the recipe (pooling, padding, quantization, files to write). */
  manifest: ModelManifest;
  /** The downloaded Hugging Face folder (safetensors, config, tokenizer, sentence-transformers files). */
  sourceDir: string;
  /**
   * Where to write the model: every file of `manifest.files` plus a `manifest.json` pinning their sizes
   * and sha256. Its base name is the model id; it does not exist yet.
   */
  outDir: string;
  signal: AbortSignal;
}

/**
 * Turns a downloaded Hugging Face folder into an ONNX model directory, verified against the original
 * pipeline. The repo's converter is `tools/models/convert.py` (the CLI runs it in the tools venv).
 */
export type ModelConverter = (job: ConvertJob) => Promise<void>;

/** Hub folder name for a repo and revision: `Qwen--Qwen3-Embedding-0.6B--main`. */
export function sourceFolderName(source: HubConvertSource): string {
  return `${source.repo.replace('/', '--')}--${source.revision}`;
}

async function checkOutput(manifest: ModelManifest, outDir: string): Promise<ManifestFile[]> {
  let written: ModelManifest;
  try {
    written = parseManifest(await readFile(join(outDir, 'manifest.json'), 'utf8'), 'manifest.json');
  } catch (error) {
    throw conversionInvalidError(manifest, 'the converter wrote no valid manifest.json', error);
  }
  if (written.id !== manifest.id) {
    throw conversionInvalidError(manifest, `the converter wrote model "${written.id}"`);
  }
  const byPath = new Map(written.files.map((file) => [file.path, file]));
  const files: ManifestFile[] = [];
  for (const file of manifest.files) {
    const made = byPath.get(file.path);
    if (made?.size == null || made.sha256 === null) {
      throw conversionInvalidError(manifest, `the converter did not write ${file.path}`);
    }
    const info = await stat(join(outDir, file.path)).catch(() => undefined);
    const actual = info?.isFile() ? (await hashFile(join(outDir, file.path))).digest('hex') : undefined;
    if (info?.size !== made.size || actual !== made.sha256) {
      throw conversionInvalidError(
        manifest,
        `${file.path} does not match the size and sha256 the converter reported`,
      );
    }
    if (file.sha256 !== null && file.sha256 !== actual) {
      throw conversionInvalidError(
        manifest,
        `${file.path} has sha256 ${actual}, but the manifest pins ${file.sha256}`,
      );
    }
    files.push({ ...file, size: made.size, sha256: made.sha256 });
  }
  return files;
}

function pinsFrom(lock: SourceLock): HubConvertSource['pins'] {
  return Object.fromEntries(
    Object.entries(lock.files)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, file]) => [path, { size: file.size, sha256: file.sha256 }]),
  );
}

/**
 * Pull of a `hub-convert` model: downloads the source repo into `sourcesDir` (kept, so another variant
 * of the same repo converts without downloading again), runs the converter into a staging directory,
 * checks every file it wrote against its report and against any pin in the manifest, and moves the
 * result to `dir` in one rename. The installed `manifest.json` pins the converted files and records the
 * source files' sha256 in `source.pins`. A failure leaves `dir` as it was.
 */
export async function installConverted(
  manifest: ModelManifest & { source: HubConvertSource },
  dir: string,
  sourcesDir: string,
  config: SourceDownloadConfig & { converter: ModelConverter },
  signal: AbortSignal,
): Promise<string> {
  const lock = await downloadSources(manifest, sourcesDir, config, signal);
  if (signal.aborted) throw cancelledError(manifest.id, signal.reason);
  const parent = join(dir, '..');
  await mkdir(parent, { recursive: true });
  const stage = await mkdtemp(join(parent, `.${manifest.id}.convert-`));
  try {
    const outDir = join(stage, manifest.id);
    try {
      await config.converter({ manifest, sourceDir: sourcesDir, outDir, signal });
    } catch (error) {
      if (signal.aborted) throw cancelledError(manifest.id, signal.reason);
      if (isAkidbError(error)) throw error;
      throw conversionInvalidError(manifest, error instanceof Error ? error.message : String(error), error);
    }
    const files = await checkOutput(manifest, outDir);
    const installed: ModelManifest = {
      ...manifest,
      source: { ...manifest.source, pins: { ...pinsFrom(lock), ...manifest.source.pins } },
      files,
    };
    const stamp = await VerifiedStamp.read(outDir);
    for (const file of files) {
      const info = await stat(join(outDir, file.path));
      stamp.set(file.path, info.size, info.mtimeMs, file.sha256 as string);
    }
    await stamp.save();
    await writeFile(join(outDir, 'manifest.json'), serializeManifest(installed));
    await rm(dir, { recursive: true, force: true });
    await rename(outDir, dir);
    return dir;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
