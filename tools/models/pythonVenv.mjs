// What tools/models/prepare.mjs and tools/peers/prepare.mjs share: running a child process (captured into a
// log file, stopped on interrupt) and creating a python venv with a pinned requirements.txt.
// Plain Node ESM with node: builtins only.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VENV_MARKER = '.akidb-requirements.sha256';

/** A failure with a message meant for the person running the tool (printed without a stack). */
export class PrepareError extends Error {}

// The running child, stopped by stopChild() when the run is interrupted.
let currentChild = null;

/** Sends SIGTERM to the child process running now, if any. */
export function stopChild() {
  currentChild?.kill('SIGTERM');
}

/** Runs a command in the repository root; `capture` collects stdout and stderr instead of inheriting them. */
export function run(command, args, { capture = false, env = process.env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    currentChild = child;
    let output = '';
    if (capture) {
      child.stdout.on('data', (d) => {
        output += d;
      });
      child.stderr.on('data', (d) => {
        output += d;
      });
    }
    child.on('error', (error) => reject(new PrepareError(`cannot run ${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      currentChild = null;
      resolvePromise({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** Runs a command with its output written to `logFile`; throws with the output's tail if it fails. */
export async function runChecked(what, command, args, logFile, env) {
  const result = await run(command, args, env ? { capture: true, env } : { capture: true });
  writeFileSync(logFile, result.output);
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-25).join('\n');
    throw new PrepareError(`${what} failed (exit ${result.code}); full log: ${logFile}\n${tail}`);
  }
  return result.output;
}

/**
 * Creates the venv `venv` and installs `requirements` (torch's pinned line first, on its own, so that it
 * resolves to the CPU build) unless the venv's marker already holds the requirements' sha256; returns its
 * python. `recreate` starts from an empty venv every time it installs (else a venv whose python runs is kept);
 * `force` installs even when the marker matches. Logs go to `logs/<logPrefix>venv.log`, `pip-torch.log` and
 * `pip.log`; `note` is added to the progress line of the requirements install.
 */
export async function ensureVenv({
  venv,
  requirements,
  logs,
  log,
  logPrefix = '',
  force = false,
  recreate = false,
  note = '',
}) {
  const python = join(venv, 'bin', 'python');
  const shown = relative(REPO_ROOT, requirements);
  const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const markerPath = join(venv, VENV_MARKER);
  if (
    !force &&
    existsSync(python) &&
    existsSync(markerPath) &&
    readFileSync(markerPath, 'utf8').trim() === wanted
  ) {
    log(`python venv ${venv} is up to date`);
    return python;
  }
  const basePython = process.env.AKIDB_PYTHON?.trim() || 'python3';
  if (
    recreate ||
    !existsSync(python) ||
    (await run(python, ['-c', 'import sys'], { capture: true })).code !== 0
  ) {
    log(`creating python venv ${venv} (${basePython})`);
    rmSync(venv, { recursive: true, force: true });
    await runChecked('python -m venv', basePython, ['-m', 'venv', venv], join(logs, `${logPrefix}venv.log`));
  }
  rmSync(markerPath, { force: true });
  const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off'];
  pip.push('--only-binary', ':all:');
  const torch = readFileSync(requirements, 'utf8')
    .split('\n')
    .find((line) => /^torch==/.test(line.trim()))
    ?.trim();
  if (!torch) throw new PrepareError(`${shown} does not pin torch`);
  log(`installing ${torch} (CPU build) into the venv`);
  await runChecked(`pip install ${torch}`, python, [...pip, torch], join(logs, `${logPrefix}pip-torch.log`));
  log(`installing ${shown} into the venv${note ? ` (${note})` : ''}`);
  await runChecked(
    `pip install -r ${shown}`,
    python,
    [...pip, '-r', requirements],
    join(logs, `${logPrefix}pip.log`),
  );
  writeFileSync(markerPath, `${wanted}\n`);
  return python;
}
