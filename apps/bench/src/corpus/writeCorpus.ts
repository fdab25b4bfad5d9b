import { writeFile } from 'node:fs/promises';
import { CORPUS_SEED, CORPUS_SIZE, generateCorpus } from './generateCorpus.js';
import { CORPUS_FILE, formatCorpus } from './loadCorpus.js';

// Regenerates fixtures/mixed-corpus.txt (`pnpm --filter @akidb/bench corpus`).
await writeFile(CORPUS_FILE, formatCorpus(generateCorpus(CORPUS_SEED, CORPUS_SIZE)));
process.stdout.write(`wrote ${CORPUS_SIZE} sentences to ${CORPUS_FILE}\n`);
