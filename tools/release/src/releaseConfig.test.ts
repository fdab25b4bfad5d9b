import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWorkspacePackages, type WorkspacePackage } from './workspacePackages.js';

// Static checks of the release set-up in the real workspace: the changesets config matches the packages
// that exist, and every library package is shaped the same way for publishing.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A package's tsdown config, as tsdown loads it (`defineConfig` returns its argument). */
async function buildConfig(dir: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(join(dir, 'tsdown.config.ts')).href;
  return ((await import(url)) as { default: Record<string, unknown> }).default;
}

interface ChangesetConfig {
  access: string;
  baseBranch: string;
  updateInternalDependencies: string;
  fixed: string[][];
  linked: string[][];
  ignore: string[];
  privatePackages: { version: boolean; tag: boolean };
}

describe('release configuration', () => {
  let all: WorkspacePackage[] = [];
  let libraries: WorkspacePackage[] = [];
  let config: ChangesetConfig;

  beforeAll(async () => {
    all = await readWorkspacePackages(ROOT);
    libraries = all.filter((pkg) => pkg.manifest.private !== true);
    config = JSON.parse(await readFile(join(ROOT, '.changeset', 'config.json'), 'utf8')) as ChangesetConfig;
  });

  it('publishes only packages from packages/ (apps and tools are private)', () => {
    expect(libraries.length).toBeGreaterThan(0);
    expect(libraries.filter((pkg) => !pkg.path.startsWith('packages/')).map((pkg) => pkg.path)).toEqual([]);
  });

  it('has changesets version the library packages as one fixed group and ignore the private ones', () => {
    expect(config.access).toBe('restricted');
    expect(config.baseBranch).toBe('main');
    expect(config.updateInternalDependencies).toBe('patch');
    expect(config.linked).toEqual([]);
    expect(config.fixed).toHaveLength(1);
    expect([...(config.fixed[0] ?? [])].sort()).toEqual(libraries.map((pkg) => pkg.manifest.name).sort());
    const privateNames = all.filter((pkg) => pkg.manifest.private === true).map((pkg) => pkg.manifest.name);
    expect([...config.ignore].sort()).toEqual(privateNames.sort());
    expect(config.privatePackages).toEqual({ version: false, tag: false });
  });

  it('gives every library package the same publishable shape', async () => {
    const shared = await buildConfig(join(ROOT, 'packages', 'core'));
    expect(shared).toMatchObject({ entry: ['src/index.ts'], format: 'esm', fixedExtension: true, dts: true });
    for (const { manifest, dir } of libraries) {
      const shape = {
        name: manifest.name,
        type: manifest.type,
        sideEffects: manifest.sideEffects,
        files: manifest.files,
        exports: manifest.exports,
        build: manifest.scripts?.build,
        lint: manifest.scripts?.['lint:package'],
        publishConfig: manifest.publishConfig,
      };
      expect(shape).toEqual({
        name: manifest.name,
        type: 'module',
        sideEffects: false,
        files: ['dist'],
        exports: {
          '.': {
            '@akidb/source': './src/index.ts',
            types: './dist/index.d.mts',
            default: './dist/index.mjs',
          },
          './package.json': './package.json',
        },
        build: 'tsdown',
        lint: 'publint --pack pnpm --strict && attw --pack . --profile esm-only',
        // The registry is configuration (AKIDB_REGISTRY_URL at publish time), never written here.
        publishConfig: {
          access: 'restricted',
          exports: {
            '.': { types: './dist/index.d.mts', default: './dist/index.mjs' },
            './package.json': './package.json',
          },
        },
      });
      // The source condition must come first: resolvers take the first matching condition.
      expect(Object.keys((manifest.exports?.['.'] ?? {}) as object)).toEqual([
        '@akidb/source',
        'types',
        'default',
      ]);
      // One build recipe; a package may only add files to ship as they are (e.g. a worker script).
      const { copy, ...recipe } = await buildConfig(dir);
      expect(recipe, manifest.name).toEqual(shared);
      for (const file of [copy ?? []].flat())
        expect(existsSync(join(dir, String(file))), String(file)).toBe(true);
    }
  });

  it('keeps onnxruntime-node a regular dependency of the provider', () => {
    const provider = libraries.find((pkg) => pkg.manifest.name === '@akidb/embedding-provider');
    expect(provider?.manifest.dependencies?.['onnxruntime-node']).toBeDefined();
    expect(provider?.manifest.peerDependencies?.['onnxruntime-node']).toBeUndefined();
  });
});
