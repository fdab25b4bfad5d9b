import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunCliOptions, runCli } from './runCli.js';

const REPO = 'test-org/tiny-embed';
/** A repo whose weights stop arriving halfway, to interrupt a pull. */
const STALL_REPO = 'test-org/stalling';
const STALL_BYTES = 100_000;

/** The files of the served repo, by path inside the repo. */
const HUB_FILES: Record<string, Buffer> = {
  'onnx/model.onnx': Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 2654435761) >>> 24)),
  'tokenizer.json': Buffer.from(JSON.stringify({ version: '1.0', model: { type: 'WordPiece' } })),
  'config.json': Buffer.from(JSON.stringify({ hidden_size: 384 })),
};

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function manifest(id: string, source: Record<string, string>): Record<string, unknown> {
  const file = (path: string, role: string, remotePath?: string) => {
    const bytes = HUB_FILES[remotePath ?? path] as Buffer;
    return { path, role, size: bytes.length, sha256: sha256(bytes), ...(remotePath ? { remotePath } : {}) };
  };
  return {
    id,
    aliases: [`${id}-alias`],
    family: 'bert',
    description: 'a test model served by a loopback Hub',
    parameters: 1,
    dimension: 384,
    maxTokens: 128,
    pooling: 'mean',
    normalize: true,
    paddingSide: 'right',
    prompts: {},
    defaultPrompt: null,
    languages: ['en'],
    license: 'mit',
    quantization: 'fp32',
    matryoshkaDimensions: null,
    memoryMB: 1,
    source,
    files: [
      file('tokenizer.json', 'tokenizer'),
      file('model.onnx', 'model', 'onnx/model.onnx'),
      file('config.json', 'config'),
    ],
    unavailable: null,
  };
}

let tmp: string;
let manifests: string;
let server: Server;
let endpoint: string;
const requests: string[] = [];
/** Settles once the stalling repo has sent part of its weights. */
let markStalled: () => void = () => undefined;
const stalled = new Promise<void>((resolve) => {
  markStalled = resolve;
});

/** Resolves once `path` holds `bytes` bytes (polling), so the CLI is mid-download. */
async function fileReaches(path: string, bytes: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const size = await stat(path).then(
      (info) => info.size,
      () => 0,
    );
    if (size >= bytes) return;
    await setTimeout(25);
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'akidb-cli-pull-'));
  manifests = join(tmp, 'manifests');
  await mkdir(manifests);
  const write = (id: string, body: Record<string, unknown>) =>
    writeFile(join(manifests, `${id}.json`), JSON.stringify(body, null, 2));
  await write('tiny-hub', manifest('tiny-hub', { type: 'hub', repo: REPO, revision: 'main' }));
  await write('tiny-gone', manifest('tiny-gone', { type: 'hub', repo: 'test-org/gone', revision: 'main' }));
  await write('tiny-stall', manifest('tiny-stall', { type: 'hub', repo: STALL_REPO, revision: 'main' }));
  await write(
    'tiny-pypi',
    manifest('tiny-pypi', { type: 'pypi', package: 'tiny-pypi-model', version: '1.0.0' }),
  );
  // The Hub layout: GET /{org}/{repo}/resolve/{revision}/{path}.
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://hub').pathname);
    requests.push(path);
    const stall = `/${STALL_REPO}/resolve/main/`;
    if (path.startsWith(stall)) {
      const bytes = HUB_FILES[path.slice(stall.length)] as Buffer;
      res.writeHead(200, { 'Content-Length': bytes.length });
      if (path.endsWith('.onnx')) res.write(bytes.subarray(0, STALL_BYTES), () => markStalled());
      else res.end(bytes);
      return;
    }
    const prefix = `/${REPO}/resolve/main/`;
    const body = path.startsWith(prefix) ? HUB_FILES[path.slice(prefix.length)] : undefined;
    if (req.method !== 'GET' || body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(tmp, { recursive: true, force: true });
});

/** Runs the CLI against the test manifests, a fresh home under `tmp` and the loopback Hub. */
const cli = (home: string, args: string[], options: RunCliOptions = {}) =>
  runCli(args, {
    ...options,
    env: {
      AKIDB_HOME: join(tmp, home),
      AKIDB_MODELS_DIR: manifests,
      AKIDB_DEFAULT_MODEL: 'tiny-hub',
      HF_ENDPOINT: endpoint,
      HF_HUB_OFFLINE: undefined,
      AKIDB_OFFLINE: undefined,
    },
  });

describe('akidb models pull', () => {
  it('downloads a Hub model, verifies it and lists it as installed; a second pull says it is installed', async () => {
    const before = await cli('home-a', ['models', 'list', '--json']);
    expect(before.code).toBe(0);
    const states = JSON.parse(before.stdout).models.map((m: { id: string; state: string }) => [
      m.id,
      m.state,
    ]);
    expect(states).toEqual([
      ['tiny-gone', 'downloadable'],
      ['tiny-hub', 'downloadable'],
      ['tiny-pypi', 'unavailable'],
      ['tiny-stall', 'downloadable'],
    ]);

    const pull = await cli('home-a', ['models', 'pull', 'tiny-hub-alias']);
    expect(pull.stderr).not.toContain('error');
    expect(pull.code).toBe(0);
    const dir = join(tmp, 'home-a', 'models', 'tiny-hub');
    expect(pull.stdout).toBe(`pulled tiny-hub into ${dir}\n`);
    expect(pull.stderr).toContain('downloaded tiny-hub/model.onnx (0.3 MB');
    for (const [file, remote] of [
      ['model.onnx', 'onnx/model.onnx'],
      ['tokenizer.json', 'tokenizer.json'],
      ['config.json', 'config.json'],
    ] as const) {
      expect(sha256(await readFile(join(dir, file)))).toBe(sha256(HUB_FILES[remote] as Buffer));
      expect(requests).toContain(`/${REPO}/resolve/main/${remote}`);
    }

    const served = requests.length;
    const again = await cli('home-a', ['models', 'pull', 'tiny-hub']);
    expect(again).toMatchObject({ code: 0, stdout: `tiny-hub is already installed in ${dir}\n` });
    expect(requests.length).toBe(served);

    const after = await cli('home-a', ['models', 'list']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^tiny-hub\s+installed\s+384\s+128\s+mean\s+1\s+\*$/m);
  });

  it('tells to run pnpm models:prepare for a missing PyPI-prepared model', async () => {
    const run = await cli('home-b', ['models', 'pull', 'tiny-pypi']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error \[MODEL_NOT_INSTALLED\]: Model "tiny-pypi" is not installed/);
    expect(run.stderr).toContain('pnpm models:prepare');
  });

  it('fails with DOWNLOAD_FAILED when the Hub does not have the files', async () => {
    const run = await cli('home-c', ['models', 'pull', 'tiny-gone']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error \[DOWNLOAD_FAILED\]: Download of tiny-gone\/tokenizer.json failed: HTTP 404/,
    );
  });

  it('fails with OFFLINE and touches no network under --offline', async () => {
    const served = requests.length;
    const run = await cli('home-d', ['models', 'pull', '--offline', 'tiny-hub']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[OFFLINE\]: /);
    expect(requests.length).toBe(served);
  });

  it('stops on Ctrl-C with CANCELLED and exit 130, keeping the partial file', async () => {
    const part = join(tmp, 'home-f', 'models', 'tiny-stall', 'model.onnx.part');
    const run = await cli('home-f', ['models', 'pull', 'tiny-stall'], {
      interruptOn: stalled.then(() => fileReaches(part, STALL_BYTES)),
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('downloaded tiny-stall/tokenizer.json');
    expect(run.stderr).toMatch(/^error \[CANCELLED\]: Installing model "tiny-stall" was cancelled/m);
    expect((await stat(part)).size).toBe(STALL_BYTES);
  });

  it('does not fetch a converted model of the repo manifests (Qwen3) under --offline', async () => {
    const run = await runCli([
      'models',
      'pull',
      '--offline',
      '--home',
      join(tmp, 'home-g'),
      'qwen3-embedding-0.6b',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error \[OFFLINE\]: Model "qwen3-embedding-0.6b" is not installed and the model store is offline/,
    );
  });

  it('fails with MODEL_NOT_FOUND for an unknown model', async () => {
    const run = await cli('home-e', ['models', 'pull', 'no-such-model']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[MODEL_NOT_FOUND\]: /);
  });
});
