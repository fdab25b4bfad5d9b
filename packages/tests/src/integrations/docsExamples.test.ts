import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { modelDirectory } from '@akidb/core';
import { type RunningServer, TEI_PROTO_PATH } from '@akidb/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_MODELS_DIR, startTestServer } from '../support/inProcessServer.js';

// Every integration page in docs/integrations shows runnable examples: each is included verbatim (after an
// `<!-- example: path -->` marker) and run here as a user would run it, against a real server and model.

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MODEL = 'all-minilm-l6-v2';
const API_KEY = 'docs-example-key';
const run = promisify(execFile);

/** Each example, the page that shows it, and what it prints. */
const EXAMPLES: readonly { doc: string; file: string; prints: RegExp }[] = [
  {
    doc: 'langchain.md',
    file: 'packages/langchain/examples/searchOverHttp.ts',
    prints: /^onnx - ONNX Runtime/,
  },
  {
    doc: 'langchain.md',
    file: 'packages/langchain/examples/searchInProcess.ts',
    prints: /^rates - Interest/,
  },
  { doc: 'ai-sdk.md', file: 'packages/ai-sdk/examples/embedOverHttp.ts', prints: /^best match: 0$/ },
  {
    doc: 'grpc.md',
    file: 'apps/server/examples/grpcClient.ts',
    prints: /^Embed: 384 dimensions, 4 tokens\nEmbedStream: 3 answers$/,
  },
  {
    doc: 'ai-sdk.md',
    file: 'packages/ai-sdk/examples/embedInProcess.ts',
    prints: /^2 vectors of 384 dimensions, \d+ tokens$/,
  },
];

/** The code blocks of a page, by the example path in the marker before them. */
export function exampleBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of markdown.matchAll(/<!-- example: (\S+) -->\s*```ts\n([\s\S]*?)```/g)) {
    blocks.set(match[1] ?? '', match[2] ?? '');
  }
  return blocks;
}

describe('docs/integrations examples', () => {
  let home = '';
  let server: RunningServer;

  beforeAll(async () => {
    // A model home of its own, so that other models under ~/.cache/akidb stay out of the examples' registry.
    home = await mkdtemp(join(tmpdir(), 'akidb-docs-'));
    // The model directory is a real one (its files are links): the registry lists installed models from it.
    await mkdir(join(home, 'models', MODEL), { recursive: true });
    for (const file of await readdir(modelDirectory(MODEL))) {
      await symlink(join(modelDirectory(MODEL), file), join(home, 'models', MODEL, file));
    }
    server = await startTestServer({
      home,
      defaultModel: MODEL,
      apiKey: API_KEY,
      manifestsDirs: [REPO_MODELS_DIR],
      grpcPort: 0,
    });
  });
  afterAll(async () => {
    await server?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  for (const { doc, file, prints } of EXAMPLES) {
    it(`${doc}: ${file} is shown verbatim and runs`, async () => {
      const markdown = await readFile(join(ROOT, 'docs', 'integrations', doc), 'utf8');
      const source = await readFile(join(ROOT, file), 'utf8');
      expect(exampleBlocks(markdown).get(file)).toBe(source);
      // Run from the example's package, as a user runs a file of theirs: `tsx file.ts`.
      const { stdout } = await run(TSX, ['--conditions=@akidb/source', join(ROOT, file)], {
        cwd: dirname(dirname(join(ROOT, file))),
        env: {
          ...process.env,
          AKIDB_URL: server.url,
          AKIDB_GRPC: `127.0.0.1:${server.grpcPort}`,
          TEI_PROTO: TEI_PROTO_PATH,
          AKIDB_API_KEY: API_KEY,
          AKIDB_HOME: home,
        },
        timeout: 120_000,
      });
      expect(stdout.trim()).toMatch(prints);
    });
  }

  it('finds blocks only after a marker', () => {
    const page = '<!-- example: a.ts -->\n\n```ts\nconst a = 1;\n```\n\n```ts\nconst b = 2;\n```\n';
    expect([...exampleBlocks(page)]).toEqual([['a.ts', 'const a = 1;\n']]);
  });
});
