import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectDist, moduleSpecifiers, packageNameOf } from './inspectDist.js';

describe('moduleSpecifiers', () => {
  it('finds static, side-effect, re-export and dynamic imports, and type imports in declarations', () => {
    const code = [
      'import { homedir } from "node:os";',
      'import * as ort from "onnxruntime-node";',
      'import "./chunk-abc.mjs";',
      'export * from "@akidb/core";',
      'import type { ModelManifest } from "@akidb/registry";',
      'const lazy = () => import("@huggingface/tokenizers");',
      'export { a, b };',
    ].join('\n');
    expect(moduleSpecifiers(code)).toEqual([
      'node:os',
      'onnxruntime-node',
      './chunk-abc.mjs',
      '@akidb/core',
      '@akidb/registry',
      '@huggingface/tokenizers',
    ]);
  });

  it('ignores imports quoted in doc comments', () => {
    const code =
      '/**\n * @example\n * import { x } from "@akidb/elsewhere";\n */\n// import "y";\nexport {};';
    expect(moduleSpecifiers(code)).toEqual([]);
  });
});

describe('packageNameOf', () => {
  it('keeps the scope and drops subpaths', () => {
    expect(packageNameOf('@akidb/core')).toBe('@akidb/core');
    expect(packageNameOf('@scope/pkg/sub/path.js')).toBe('@scope/pkg');
    expect(packageNameOf('zod/v4')).toBe('zod');
  });
});

describe('inspectDist', () => {
  it('reports undeclared imports, bundled foreign sources and assets the build left behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'akidb-inspect-dist-'));
    try {
      await mkdir(join(dir, 'dist'));
      const js = [
        'import { a } from "@akidb/core";',
        'import { b } from "zod/v4";',
        'import { c } from "left-pad";',
        'import { readFile } from "node:fs/promises";',
        'import { join } from "path";',
        '//#region ../core/dist/index.mjs',
        '//#endregion',
        '//#region src/worker.ts',
        'const worker = new URL("./worker.mjs", import.meta.url);',
        'const data = new URL("./data.bin", import.meta.url);',
        '//#endregion',
      ].join('\n');
      await writeFile(join(dir, 'dist', 'index.mjs'), js);
      await writeFile(join(dir, 'dist', 'worker.mjs'), 'export {};');
      await writeFile(
        join(dir, 'dist', 'index.d.mts'),
        'import type { T } from "@akidb/registry";\nexport {};',
      );
      const report = await inspectDist(dir, {
        name: '@akidb/x',
        version: '1.0.0',
        dependencies: { '@akidb/core': '^1.0.0', zod: '^4.0.0' },
      });
      expect(report).toEqual({
        files: ['index.d.mts', 'index.mjs', 'worker.mjs'],
        imports: ['@akidb/core', '@akidb/registry', 'left-pad', 'zod'],
        undeclared: ['@akidb/registry', 'left-pad'],
        foreignSources: ['../core/dist/index.mjs'],
        missingAssets: ['data.bin'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
