import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AkidbError, resolveAkidbHome } from '@akidb/core';
import type { ConvertJob, ModelConverter } from '@akidb/model-store';
import { serializeManifest } from '@akidb/registry';

/** The repository checkout this CLI runs from; the converter lives in its `tools/models`. */
const REPO_ROOT: string = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the converter's output goes: a stream with `write` (process.stderr in practice). */
export interface LineSink {
  write(text: string): unknown;
}

interface Run {
  code: number | null;
  tail: string[];
  stdout: string;
}

function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  sink: LineSink | undefined,
  signal: AbortSignal,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let stdout = '';
    const onData = (chunk: Buffer, isStdout: boolean): void => {
      const text = chunk.toString('utf8');
      if (isStdout) stdout += text;
      sink?.write(text);
      tail.push(...text.split('\n').filter((line) => line.trim() !== ''));
      tail.splice(0, Math.max(0, tail.length - 20));
    };
    child.stdout.on('data', (chunk: Buffer) => onData(chunk, true));
    child.stderr.on('data', (chunk: Buffer) => onData(chunk, false));
    const abort = (): void => {
      child.kill('SIGTERM');
    };
    signal.addEventListener('abort', abort, { once: true });
    child.on('error', (error) => {
      signal.removeEventListener('abort', abort);
      reject(error);
    });
    child.on('close', (code) => {
      signal.removeEventListener('abort', abort);
      resolve({ code, tail, stdout });
    });
  });
}

function conversionFailed(job: ConvertJob, message: string): AkidbError {
  return new AkidbError('MODEL_LOAD_FAILED', `Converting model "${job.manifest.id}" failed: ${message}`, {
    details: { model: job.manifest.id, reason: 'CONVERSION_FAILED' },
  });
}

/**
 * The converter of `akidb models pull`: `tools/models/convert.py` in the tools venv
 * (`$AKIDB_HOME/venv`, created by `node tools/models/prepare.mjs --venv` when missing or stale). Its
 * progress lines (export, parity per sentence set, files written) go to `sink`. The venv follows the
 * environment's `AKIDB_HOME`, not `--home`: it is a tool, shared by every model home.
 */
export function createPythonConverter(env: NodeJS.ProcessEnv, sink?: LineSink): ModelConverter {
  return async (job) => {
    const script = join(REPO_ROOT, 'tools', 'models', 'convert.py');
    if (!existsSync(script)) {
      throw conversionFailed(
        job,
        `the converter ${script} is not here: pulling a converted model needs the AkiDB repository`,
      );
    }
    const venv = await run(
      process.execPath,
      [join(REPO_ROOT, 'tools', 'models', 'prepare.mjs'), '--venv'],
      env,
      sink,
      job.signal,
    );
    const python = venv.stdout.trim().split('\n').at(-1)?.trim() ?? '';
    if (venv.code !== 0 || !existsSync(python)) {
      throw conversionFailed(
        job,
        `the Python tools venv could not be prepared (${venv.tail.at(-1) ?? `exit ${venv.code}`})`,
      );
    }
    const out = dirname(job.outDir);
    if (basename(job.outDir) !== job.manifest.id)
      throw conversionFailed(job, `unexpected output directory ${job.outDir}`);
    await mkdir(out, { recursive: true });
    const template = join(out, `${job.manifest.id}.template.json`);
    await writeFile(template, serializeManifest(job.manifest));
    const pythonEnv = {
      ...env,
      AKIDB_HOME: resolveAkidbHome(env),
      HF_HUB_OFFLINE: '1',
      TRANSFORMERS_OFFLINE: '1',
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
    };
    const args = [script, job.sourceDir, out, '--manifest', template, '--work', join(out, 'work')];
    const converted = await run(python, args, pythonEnv, sink, job.signal);
    if (converted.code !== 0) {
      const reason = converted.tail.findLast((line) => line.includes('ERROR')) ?? converted.tail.at(-1);
      throw conversionFailed(job, reason ?? `tools/models/convert.py exited with ${converted.code}`);
    }
  };
}
