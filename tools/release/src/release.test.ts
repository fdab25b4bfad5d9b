import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelDirectory } from '@akidb/core';
import { cosineSimilarity } from '@akidb/embedding-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from './childEnv.js';
import { parseConsumerReport, parseIntegrationsReport, writeConsumerProject } from './consumerProject.js';
import { importSideEffects } from './importSideEffects.js';
import { inspectDist } from './inspectDist.js';
import { type LocalRegistry, startLocalRegistry } from './localRegistry.js';
import { readNpmSettings } from './npmSettings.js';
import { pinnedPnpmBinDir } from './pinnedPnpm.js';
import { PUBLISH_SCOPE, registryAuthKey } from './publishRegistryEnv.js';
import { runCommand } from './runCommand.js';
import { copyWorkspace } from './workspaceCopy.js';
import { type PackageManifest, readLibraryPackages, type WorkspacePackage } from './workspacePackages.js';

// A whole release, rehearsed on a copy of the workspace against a throwaway Verdaccio: build, lint the
// packed packages, version with changesets, publish with the release script, then install
// @akidb/embedding-provider and the framework integrations (@akidb/langchain, @akidb/ai-sdk, @akidb/client, with
// the real @langchain/core and ai) into a fresh project from that registry, type-check it and embed a sentence.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL_ID = 'all-minilm-l6-v2';
const SENTENCE = 'Releases are proven end to end before anyone installs them.';
const PROVIDER = `${PUBLISH_SCOPE}/embedding-provider`;
const INTEGRATIONS = ['client', 'langchain', 'ai-sdk'].map((name) => `${PUBLISH_SCOPE}/${name}`);
const require = createRequire(import.meta.url);

async function installedVersion(name: string): Promise<string> {
  const manifest = JSON.parse(
    await readFile(require.resolve(`${name}/package.json`), 'utf8'),
  ) as PackageManifest;
  return manifest.version;
}

describe('release end to end', () => {
  const abort = new AbortController();
  let tmp = '';
  let repo = '';
  let userconfig = '';
  let env: NodeJS.ProcessEnv = {};
  let registry: LocalRegistry | undefined;
  let libraries: WorkspacePackage[] = [];
  let releasedVersion = '';
  let broken: string | undefined;

  const run = (command: string, args: readonly string[], cwd: string, timeoutMs: number, extra = {}) =>
    runCommand(command, args, { cwd, env: { ...env, ...extra }, timeoutMs, signal: abort.signal });
  const pnpm = (args: readonly string[], cwd: string, timeoutMs: number, extra = {}) =>
    run('pnpm', args, cwd, timeoutMs, extra);
  // In the copy only; no signing, no hooks of the user's.
  const git = (args: readonly string[]) =>
    run('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], repo, 60_000);

  /** One step of the rehearsal; later steps are skipped once one fails. */
  function step(name: string, timeoutMs: number, body: () => Promise<void>): void {
    it(
      name,
      async (context) => {
        if (broken) context.skip(`an earlier step failed: ${broken}`);
        try {
          await body();
        } catch (error) {
          broken = name;
          throw error;
        }
      },
      timeoutMs,
    );
  }

  beforeAll(async () => {
    const modelDir = modelDirectory(MODEL_ID);
    if (!existsSync(join(modelDir, 'manifest.json'))) {
      throw new Error(`${MODEL_ID} is not prepared in ${modelDir}: run \`pnpm models:prepare\` first`);
    }
    tmp = await mkdtemp(join(tmpdir(), 'akidb-release-'));
    repo = join(tmp, 'repo');
    userconfig = join(tmp, 'npmrc');
    await writeFile(userconfig, '');
    const [pnpmDir, upstream] = await Promise.all([
      pinnedPnpmBinDir(ROOT, process.env),
      readNpmSettings(ROOT, process.env),
    ]);
    env = childEnv(process.env, {
      userconfig,
      pathPrefix: [pnpmDir],
      extra: {
        // onnxruntime-node's install script would fetch GPU binaries; the CPU ones ship in the package.
        ONNXRUNTIME_NODE_INSTALL: 'skip',
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
        GIT_AUTHOR_NAME: 'AkiDB release rehearsal',
        GIT_AUTHOR_EMAIL: 'release-rehearsal@akidb.invalid',
        GIT_COMMITTER_NAME: 'AkiDB release rehearsal',
        GIT_COMMITTER_EMAIL: 'release-rehearsal@akidb.invalid',
      },
    });
    registry = await startLocalRegistry({ dir: join(tmp, 'registry'), scope: PUBLISH_SCOPE, upstream, env });
    await copyWorkspace(ROOT, repo, env);
    libraries = await readLibraryPackages(repo);
    // Changelog lines name the commit that added a changeset: give the copy a history of its own.
    await git(['init', '--quiet', '--initial-branch=main']);
    await git(['add', '--all']);
    await git(['commit', '--quiet', '-m', 'Release rehearsal base']);
  });

  afterAll(async () => {
    abort.abort();
    await registry?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true, maxRetries: 3 });
  });

  step(
    'builds every library package to side-effect-free ESM and declarations, bundling nothing from outside',
    120_000,
    async () => {
      expect(libraries.map((pkg) => pkg.manifest.name)).toContain(PROVIDER);
      await pnpm(['--filter', './packages/*', '--workspace-concurrency=2', 'run', 'build'], repo, 110_000);
      const imports = new Map<string, string[]>();
      for (const pkg of libraries) {
        const report = await inspectDist(pkg.dir, pkg.manifest);
        imports.set(pkg.manifest.name, report.imports);
        expect({ name: pkg.manifest.name, files: report.files }).toEqual({
          name: pkg.manifest.name,
          files: expect.arrayContaining(['index.d.mts', 'index.mjs']),
        });
        expect({
          name: pkg.manifest.name,
          undeclared: report.undeclared,
          foreign: report.foreignSources,
          missing: report.missingAssets,
        }).toEqual({ name: pkg.manifest.name, undeclared: [], foreign: [], missing: [] });
        // `sideEffects: false` is a promise to bundlers: importing must only define things.
        const effects = await importSideEffects(pkg.dir, pkg.manifest, env);
        expect({ name: pkg.manifest.name, effects }).toEqual({ name: pkg.manifest.name, effects: [] });
      }
      // Workspace packages and onnxruntime-node stay imports in the output, never inlined.
      expect(imports.get(PROVIDER)).toEqual(
        expect.arrayContaining([`${PUBLISH_SCOPE}/core`, `${PUBLISH_SCOPE}/session`]),
      );
      expect(imports.get(`${PUBLISH_SCOPE}/session`)).toEqual(expect.arrayContaining(['onnxruntime-node']));
    },
  );

  step('passes publint and arethetypeswrong on what gets packed', 150_000, async () => {
    await pnpm(
      ['--filter', './packages/*', '--workspace-concurrency=2', 'run', 'lint:package'],
      repo,
      140_000,
    );
  });

  step('versions the fixed group together with changesets', 60_000, async () => {
    const before = new Map(libraries.map((pkg) => [pkg.manifest.name, pkg.manifest.version]));
    await writeFile(
      join(repo, '.changeset', 'release-rehearsal.md'),
      `---\n'${PROVIDER}': patch\n---\n\nRelease rehearsal.\n`,
    );
    await git(['add', '--all']);
    await git(['commit', '--quiet', '-m', 'Add a changeset']);
    await run(process.execPath, [require.resolve('@changesets/cli/bin.js'), 'version'], repo, 50_000);
    libraries = await readLibraryPackages(repo);
    const versions = new Set(libraries.map((pkg) => pkg.manifest.version));
    expect(versions.size).toBe(1);
    releasedVersion = [...versions][0] ?? '';
    for (const pkg of libraries) expect(releasedVersion).not.toBe(before.get(pkg.manifest.name));
    // The package with the changeset gets its line; the rest of the group gets the version too.
    const providerLog = await readFile(join(repo, 'packages', 'embedding-provider', 'CHANGELOG.md'), 'utf8');
    expect(providerLog).toContain(`## ${releasedVersion}`);
    expect(providerLog).toContain('Release rehearsal.');
    const coreLog = await readFile(join(repo, 'packages', 'core', 'CHANGELOG.md'), 'utf8');
    expect(coreLog).toContain(`## ${releasedVersion}`);
  });

  step(
    'publishes every library package to the private registry with the release script',
    150_000,
    async () => {
      const live = registry as LocalRegistry;
      await run(
        process.execPath,
        [require.resolve('tsx/cli'), 'tools/release/src/publishPackages.ts'],
        repo,
        140_000,
        {
          AKIDB_REGISTRY_URL: live.url,
          AKIDB_REGISTRY_TOKEN: live.token,
        },
      );
      for (const pkg of libraries) {
        const response = await fetch(new URL(pkg.manifest.name.replace('/', '%2f'), live.url), {
          headers: { authorization: `Bearer ${live.token}` },
        });
        expect(response.status).toBe(200);
        const document = (await response.json()) as { versions: Record<string, PackageManifest> };
        const published = document.versions[releasedVersion];
        expect(published, `${pkg.manifest.name}@${releasedVersion}`).toBeDefined();
        // The source condition stays home; workspace: and catalog: ranges became real ones.
        expect(JSON.stringify(published?.exports)).not.toContain('@akidb/source');
        for (const [name, range] of Object.entries(published?.dependencies ?? {})) {
          expect(range, `${pkg.manifest.name} → ${name}`).not.toMatch(/^(?:workspace|catalog):/);
          if (name.startsWith(`${PUBLISH_SCOPE}/`)) expect(range).toBe(`^${releasedVersion}`);
        }
      }
    },
  );

  step(
    'a fresh project installs the provider and the integrations from the registry, type-checks and embeds',
    180_000,
    async () => {
      const live = registry as LocalRegistry;
      const consumer = join(tmp, 'consumer');
      await writeConsumerProject({
        dir: consumer,
        registryUrl: live.url,
        dependencies: {
          [PROVIDER]: releasedVersion,
          ...Object.fromEntries(INTEGRATIONS.map((name) => [name, releasedVersion])),
          // The frameworks the integrations plug into, as their users install them (from the upstream registry).
          '@langchain/core': await installedVersion('@langchain/core'),
          ai: await installedVersion('ai'),
        },
        devDependencies: {
          typescript: await installedVersion('typescript'),
          '@types/node': await installedVersion('@types/node'),
        },
      });
      await writeFile(userconfig, `${registryAuthKey(live.url)}:_authToken=${live.token}\n`);
      await pnpm(
        ['install', '--ignore-scripts', '--no-frozen-lockfile', '--reporter=append-only'],
        consumer,
        150_000,
      );
      const modules = await readFile(join(consumer, 'node_modules', '.modules.yaml'), 'utf8');
      expect(modules).toContain(live.url);
      const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
      await run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer, 90_000);
      await run(process.execPath, [tsc, '-p', 'tsconfig.declarations.json'], consumer, 90_000);

      // The provider as the repo runs it (from source), loaded only now so that a broken package fails this
      // step rather than the whole file.
      const modelDir = modelDirectory(MODEL_ID);
      const { loadOnnxEmbeddingProvider } = await import('@akidb/embedding-provider');
      const inRepo = await loadOnnxEmbeddingProvider({ modelDir });
      let expected: Float32Array | undefined;
      try {
        expected = (await inRepo.embed([SENTENCE])).embeddings[0];
      } finally {
        await inRepo.dispose();
      }
      expect(expected).toBeDefined();

      // Pointed at the model directory, and by model id (found installed under $AKIDB_HOME).
      for (const [target, via] of [
        [modelDir, 'model-dir'],
        [MODEL_ID, 'model-id'],
      ] as const) {
        const { stdout } = await run(
          process.execPath,
          [join('dist', 'embed.js'), target, SENTENCE],
          consumer,
          60_000,
        );
        const report = parseConsumerReport(stdout);
        const similarity = cosineSimilarity(report.vector, expected ?? []);
        const head = report.vector.slice(0, 4).map((value) => value.toFixed(5));
        process.stdout.write(
          `consumer (${report.via}): model=${report.model} dimension=${report.dimension} ` +
            `norm=${report.norm.toFixed(6)} tokens=${report.promptTokens} head=[${head.join(', ')}] ` +
            `cosine vs in-repo=${similarity.toFixed(7)}\n`,
        );
        expect(report.via).toBe(via);
        expect(report.model).toBe(MODEL_ID);
        expect(report.dimension).toBe(384);
        expect(report.length).toBe(384);
        expect(Math.abs(report.norm - 1)).toBeLessThan(1e-4);
        expect(similarity).toBeGreaterThanOrEqual(0.9999);
      }

      // The integrations, installed from the registry, give the same vector through each framework.
      const { stdout } = await run(
        process.execPath,
        [join('dist', 'integrations.js'), MODEL_ID, SENTENCE],
        consumer,
        60_000,
      );
      const integrations = parseIntegrationsReport(stdout);
      expect(cosineSimilarity(integrations.vector, expected ?? [])).toBeGreaterThanOrEqual(0.9999);
      expect(Object.keys(integrations.paths).sort()).toEqual(['aiSdk', 'client', 'langchain']);
      for (const [name, { length, cosine }] of Object.entries(integrations.paths)) {
        expect({ name, length, same: cosine >= 0.99999 }).toEqual({ name, length: 384, same: true });
      }
    },
  );
});
