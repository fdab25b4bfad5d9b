import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelDirectory, resolveAkidbHome } from '@akidb/core';
import { parseManifest } from '@akidb/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

/**
 * `akidb models pull` of converted models, for real: a loopback Hub serves deterministic random-weight
 * folders in the Hugging Face layout (a tiny Qwen3 with the real Qwen3 tokenizer under the name
 * Qwen/Qwen3-Embedding-0.6B, a tiny BERT under intfloat/e5-small-v2), and the pull downloads them and
 * converts them with tools/models/convert.py in the tools venv.
 */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MODELS = join(REPO_ROOT, 'models');
const PYTHON = join(resolveAkidbHome(), 'venv', 'bin', 'python');
const MINILM = modelDirectory('all-minilm-l6-v2', resolveAkidbHome());
const SLOW = 600_000;

let tmp: string;
let manifests: string;
let server: Server;
let endpoint: string;

/**
 * The Hub layout `/{org}/{repo}/resolve/{revision}/{path}` over `root`: `GET`s answer the file, `HEAD`s
 * of files over 1 MB answer like Git LFS files (302 with `X-Linked-Etag` = sha256, `X-Linked-Size`).
 */
async function startHub(root: string): Promise<void> {
  server = createServer((req, res) => {
    const [org, repo, resolve, revision, ...rest] = decodeURIComponent(
      new URL(req.url ?? '/', 'http://hub').pathname,
    )
      .slice(1)
      .split('/');
    if (resolve !== 'resolve' || rest.some((part) => part === '..')) return void res.writeHead(404).end();
    readFile(join(root, org!, repo!, revision!, ...rest)).then(
      (body) => {
        if (req.method === 'HEAD' && body.length > 1024 * 1024) {
          const headers = {
            'X-Linked-Etag': `"${sha256(body)}"`,
            'X-Linked-Size': body.length,
            Location: '/cdn',
          };
          return void res.writeHead(302, headers).end();
        }
        res.writeHead(200, { 'Content-Length': body.length }).end(req.method === 'HEAD' ? undefined : body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function python(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${args[0]} failed: ${stderr}`))));
  });
}

/** The committed manifest of `id`, resized to the tiny random weights the test Hub serves. */
async function resized(id: string, dimension: number, matryoshka: number[] | null): Promise<void> {
  const json = JSON.parse(await readFile(join(MODELS, `${id}.json`), 'utf8')) as Record<string, unknown>;
  Object.assign(json, { dimension, matryoshkaDimensions: matryoshka });
  await writeFile(join(manifests, `${id}.json`), JSON.stringify(json, null, 2));
}

const cli = (home: string, args: string[]) =>
  runCli([...args, '--home', join(tmp, home)], {
    timeoutMs: SLOW,
    env: { AKIDB_MODELS_DIR: manifests, AKIDB_DEFAULT_MODEL: 'e5-small-v2', HF_ENDPOINT: endpoint },
  });

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'akidb-cli-convert-'));
  manifests = join(tmp, 'manifests');
  await mkdir(manifests);
  const hubRoot = join(tmp, 'hub');
  await Promise.all([
    python([
      'tools/models/make_random_model.py',
      '--family',
      'qwen3',
      '--shape',
      'tiny',
      join(hubRoot, 'Qwen/Qwen3-Embedding-0.6B/main'),
    ]),
    python([
      'tools/models/make_random_model.py',
      '--family',
      'bert',
      '--shape',
      'tiny',
      '--tokenizer-dir',
      MINILM,
      join(hubRoot, 'intfloat/e5-small-v2/main'),
    ]),
  ]);
  await resized('qwen3-embedding-0.6b', 256, [32, 64, 128, 256]);
  await resized('e5-small-v2', 32, null);
  await resized('qwen3-embedding-4b', 2560, null);
  await startHub(hubRoot);
}, SLOW);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await rm(tmp, { recursive: true, force: true });
});

describe('akidb models pull of a converted model', () => {
  it(
    'pulls qwen3-embedding-0.6b: downloads the safetensors, converts with parity checks, installs pinned files',
    async () => {
      const before = await cli('home-q', ['models', 'list', '--json']);
      const listed = JSON.parse(before.stdout) as { models: { id: string; state: string }[] };
      expect(listed.models.find((m) => m.id === 'qwen3-embedding-0.6b')?.state).toBe('downloadable');

      const pull = await cli('home-q', ['models', 'pull', 'Qwen/Qwen3-Embedding-0.6B']);
      expect(pull.stderr).not.toMatch(/error|Traceback/i);
      expect(pull.code).toBe(0);
      const dir = join(tmp, 'home-q', 'models', 'qwen3-embedding-0.6b');
      expect(pull.stdout).toBe(`pulled qwen3-embedding-0.6b into ${dir}\n`);
      // Download progress, then the converter's own checks.
      expect(pull.stderr).toContain('downloaded qwen3-embedding-0.6b/model.safetensors');
      expect(pull.stderr).toMatch(/fp32 ONNX vs PyTorch: last_hidden_state max \|Δ\|/);
      expect(pull.stderr).toMatch(
        /qwen3-embedding-0.6b vs sentence-transformers fp32 \(single\): cosine min (0\.9999|1\.0000)/,
      );
      expect(pull.stderr).toMatch(/one-by-one vs longest-first batches of 32: max \|Δ\| \S+/);

      const installed = parseManifest(await readFile(join(dir, 'manifest.json'), 'utf8'), 'manifest.json');
      expect(installed.files.map((file) => file.path)).toEqual([
        'model.onnx',
        'model.onnx_data',
        'tokenizer.json',
        'tokenizer_config.json',
        'config.json',
      ]);
      for (const file of installed.files)
        expect(sha256(await readFile(join(dir, file.path))), file.path).toBe(file.sha256);
      // The 2 GB rule is the manifest's: it lists model.onnx_data, so the weights live there.
      expect(installed.files[1]!.size).toBeGreaterThan(30_000_000);
      expect(installed.files[0]!.size).toBeLessThan(2_000_000);
      const weights = await readFile(join(tmp, 'hub', 'Qwen/Qwen3-Embedding-0.6B/main/model.safetensors'));
      expect(installed.source).toMatchObject({ pins: { 'model.safetensors': { sha256: sha256(weights) } } });
      expect((await readdir(join(tmp, 'home-q', 'models'))).filter((name) => name.startsWith('.'))).toEqual(
        [],
      );

      const again = await cli('home-q', ['models', 'pull', 'qwen3-embedding-0.6b']);
      expect(again).toMatchObject({
        code: 0,
        stdout: `qwen3-embedding-0.6b is already installed in ${dir}\n`,
      });
    },
    SLOW,
  );

  it(
    'serves the converted model: same vectors as sentence-transformers on the same weights, Matryoshka sizes',
    async () => {
      // The Hub folder has the tiny random Qwen3's seed, so the committed reference of qwen3-embedding-tiny applies.
      const fixture = JSON.parse(
        await readFile(join(REPO_ROOT, 'tools/models/fixtures/qwen3-embedding-tiny.json'), 'utf8'),
      ) as { embeddings: number[][] };
      const sentences = (
        JSON.parse(
          await readFile(join(REPO_ROOT, 'tools/models/fixtures/multilingual-sentences.json'), 'utf8'),
        ) as {
          sentences: string[];
        }
      ).sentences;
      const picked = [0, 10, 33, 37];
      const run = await cli('home-q', [
        'embed',
        '--model',
        'qwen3-embedding-0.6b',
        '--json',
        ...picked.map((i) => sentences[i]!),
      ]);
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as { dimension: number; embeddings: number[][] };
      expect(out.dimension).toBe(256);
      out.embeddings.forEach((row, k) => {
        const reference = fixture.embeddings[picked[k]!]!;
        const cosine = row.reduce((sum, v, i) => sum + v * reference[i]!, 0);
        expect(cosine, `sentence ${picked[k]}`).toBeGreaterThan(0.9999);
      });
      const short = await cli('home-q', [
        'embed',
        '--model',
        'qwen3-embedding-0.6b',
        '--json',
        '--dimensions',
        '32',
        sentences[0]!,
      ]);
      const vector = (JSON.parse(short.stdout) as { embeddings: number[][] }).embeddings[0]!;
      expect(vector).toHaveLength(32);
      const head = fixture.embeddings[0]!.slice(0, 32);
      const norm = Math.hypot(...head);
      vector.forEach((v, i) => {
        expect(v).toBeCloseTo(head[i]! / norm, 4);
      });
    },
    SLOW,
  );

  it(
    'pulls e5-small-v2 (a BERT encoder) the same way',
    async () => {
      const pull = await cli('home-e', ['models', 'pull', 'e5-small-v2']);
      expect(pull.stderr).not.toMatch(/error|Traceback/i);
      expect(pull.code).toBe(0);
      expect(pull.stderr).toMatch(
        /e5-small-v2 vs sentence-transformers fp32 \(longest-first-32\): cosine min/,
      );
      const dir = join(tmp, 'home-e', 'models', 'e5-small-v2');
      expect(existsSync(join(dir, 'model.onnx_data'))).toBe(false);
      const run = await cli('home-e', ['embed', '--model', 'e5-small', '--json', 'query: hello']);
      expect((JSON.parse(run.stdout) as { dimension: number }).dimension).toBe(32);
    },
    SLOW,
  );

  it('fails with DOWNLOAD_FAILED, converting nothing, when the Hub lacks the repo', async () => {
    const run = await cli('home-x', ['models', 'pull', 'qwen3-embedding-4b']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[DOWNLOAD_FAILED\]: .*config\.json.*HTTP 404/m);
  });
});
