// recall@10 of float32, int8, uint8 and binary embeddings on the STS-B retrieval set (test split).
//
//   pnpm data:evaluate [--model all-minilm-l6-v2]
import { parseArgs } from 'node:util';
import { modelDirectory } from '@akidb/core';
import { loadOnnxEmbeddingProvider } from '@akidb/embedding-provider';
import { readCalibrationFile } from './calibrationFile.js';
import { quantizedRecall } from './quantizedRecall.js';
import { buildRetrievalSet } from './retrievalSet.js';
import { readStsb } from './stsb.js';

const { values } = parseArgs({ options: { model: { type: 'string', default: 'all-minilm-l6-v2' } } });
const id = values.model;
const manifestsDir = new URL('../../../models', import.meta.url).pathname;
const provider = await loadOnnxEmbeddingProvider({ modelDir: modelDirectory(id) });
const calibration = readCalibrationFile(manifestsDir, id);
const ranges = calibration.ranges[String(provider.modelInfo().dimension)];
if (ranges === undefined) throw new Error(`no calibration ranges for ${id} at its full dimension`);
const { forward, backward } = buildRetrievalSet(readStsb('test'));
const result = await quantizedRecall(provider, [forward, backward], ranges);
await provider.dispose();
process.stdout.write(
  `${id}: recall@${result.k} over ${result.queries} queries (STS-B test, both directions)\n`,
);
for (const [name, value] of Object.entries(result.recall)) {
  const ratio = value / result.recall.float32;
  process.stdout.write(`  ${name.padEnd(9)} ${value.toFixed(4)}  (${ratio.toFixed(4)} of float32)\n`);
}
