import { modelDirectory, resolveAkidbHome } from '@akidb/core';
import { manifestInvalid, modelNotFound } from './errors.js';
import type { ModelManifest } from './manifestTypes.js';
import { checkModelState, type ModelStateReport } from './modelState.js';
import { isOfflineEnv } from './offlineEnv.js';
import { type ManifestSourceFile, readInstalledManifests, readManifestDir } from './readManifests.js';

/** The model used when a caller names none and nothing else is configured. */
export const DEFAULT_MODEL_ID: string = 'all-minilm-l6-v2';

/** A manifest plus where it lives and whether it can be used. */
export interface ModelEntry extends ModelManifest, ModelStateReport {
  /** The model directory, `<home>/models/<id>`. */
  dir: string;
  /** The manifest file the entry was read from. */
  manifestFile: string;
}

/** Options of {@link loadRegistry}. */
export interface LoadRegistryOptions {
  /** Directories whose `*.json` files are manifests (e.g. the repo's `models/`). */
  manifestsDirs: string[];
  /** Model home (default `resolveAkidbHome()`). */
  home?: string;
  /** Id or alias used when a caller names no model. */
  defaultModel?: string;
  /** Treat Hub models as unavailable (default: `HF_HUB_OFFLINE=1` or `AKIDB_OFFLINE=1`). */
  offline?: boolean;
}

/** The known models, their aliases and their install state. */
export interface ModelRegistry {
  readonly home: string;
  readonly offline: boolean;
  /** Every model, sorted by id. */
  list(): ModelEntry[];
  /** A model by id or alias (case-insensitive); `MODEL_NOT_FOUND` listing the ids otherwise. */
  get(idOrAlias: string): ModelEntry;
  /** The id for an id or alias, or the default model's id when none is given. */
  resolveId(idOrAlias?: string): string;
  /** Re-reads the manifests and re-checks every model's state. */
  refresh(): Promise<void>;
}

interface Index {
  entries: ModelEntry[];
  byName: Map<string, ModelEntry>;
  defaultModel: string;
}

function mergeSources(repo: ManifestSourceFile[], installed: ManifestSourceFile[]): ManifestSourceFile[] {
  const byId = new Map<string, ManifestSourceFile>();
  for (const source of repo) {
    const other = byId.get(source.manifest.id);
    if (other) {
      throw manifestInvalid(source.file, [
        { path: 'id', message: `"${source.manifest.id}" is also defined in ${other.file}` },
      ]);
    }
    byId.set(source.manifest.id, source);
  }
  // An installed manifest.json is a copy; the repo's manifest wins for the same id, except for the
  // sizes and sha256 of a converted model's files, which only the local conversion knows.
  for (const source of installed) {
    const repoSource = byId.get(source.manifest.id);
    if (!repoSource) byId.set(source.manifest.id, source);
    else byId.set(source.manifest.id, withConvertedFiles(repoSource, source.manifest));
  }
  return [...byId.values()].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
}

/**
 * A `hub-convert` manifest with the files its installed copy pins, when that copy names the same files
 * (a conversion writes them with their sizes and sha256); any other manifest unchanged.
 */
function withConvertedFiles(repo: ManifestSourceFile, installed: ModelManifest): ManifestSourceFile {
  if (repo.manifest.source.type !== 'hub-convert') return repo;
  const byPath = new Map(installed.files.map((file) => [file.path, file]));
  const files = repo.manifest.files.map((file) => {
    const local = byPath.get(file.path);
    if (file.size !== null || file.sha256 !== null || local?.size == null || local.sha256 === null)
      return file;
    return { ...file, size: local.size, sha256: local.sha256 };
  });
  const source =
    installed.source.type === 'hub-convert'
      ? { ...repo.manifest.source, pins: { ...installed.source.pins, ...repo.manifest.source.pins } }
      : repo.manifest.source;
  return { ...repo, manifest: { ...repo.manifest, source, files } };
}

async function buildIndex(options: LoadRegistryOptions, home: string, offline: boolean): Promise<Index> {
  const repo = (await Promise.all(options.manifestsDirs.map(readManifestDir))).flat();
  const sources = mergeSources(repo, await readInstalledManifests(home));
  const entries = await Promise.all(
    sources.map(async ({ manifest, file }): Promise<ModelEntry> => {
      const dir = modelDirectory(manifest.id, home);
      return { ...manifest, ...(await checkModelState(manifest, dir, offline)), dir, manifestFile: file };
    }),
  );
  const byName = new Map<string, ModelEntry>();
  for (const entry of entries) byName.set(entry.id, entry);
  for (const entry of entries) {
    entry.aliases.forEach((alias, index) => {
      const key = alias.toLowerCase();
      const other = byName.get(key);
      if (other === entry) return;
      if (other) {
        const message = `"${alias}" is already ${other.id === key ? 'the id' : 'an alias'} of ${other.id} (${other.manifestFile})`;
        throw manifestInvalid(entry.manifestFile, [{ path: `aliases[${index}]`, message }]);
      }
      byName.set(key, entry);
    });
  }
  const flagged = entries.filter((entry) => entry.default);
  if (flagged.length > 1) {
    const files = flagged.map((entry) => entry.manifestFile).join(', ');
    throw manifestInvalid(flagged[1]!.manifestFile, [
      { path: 'default', message: `only one manifest may set it (${files})` },
    ]);
  }
  return { entries, byName, defaultModel: options.defaultModel ?? flagged[0]?.id ?? DEFAULT_MODEL_ID };
}

/**
 * Loads every manifest in `manifestsDirs` plus the `manifest.json` of every model installed under
 * `<home>/models/`, and checks which models are installed, downloadable or unavailable. Lookups by id
 * or alias only consult this in-memory index; user input never reaches the filesystem.
 *
 * @example
 * const registry = await loadRegistry({ manifestsDirs: ['models'] });
 * registry.get('minilm').id; // 'all-minilm-l6-v2'
 * registry.list().filter((m) => m.state === 'installed');
 */
export async function loadRegistry(options: LoadRegistryOptions): Promise<ModelRegistry> {
  const home = options.home ?? resolveAkidbHome();
  const offline = options.offline ?? isOfflineEnv();
  let index = await buildIndex(options, home, offline);
  const ids = (): string[] => index.entries.map((entry) => entry.id);
  const get = (idOrAlias: string): ModelEntry => {
    const entry = index.byName.get(idOrAlias.trim().toLowerCase());
    if (!entry) throw modelNotFound(idOrAlias, ids());
    return entry;
  };
  return {
    home,
    offline,
    list: () => [...index.entries],
    get,
    resolveId(idOrAlias) {
      const name = idOrAlias?.trim();
      if (name) return get(name).id;
      const entry = index.byName.get(index.defaultModel.toLowerCase());
      if (!entry) throw modelNotFound(index.defaultModel, ids(), 'The default model is not in the registry:');
      return entry.id;
    },
    async refresh() {
      index = await buildIndex(options, home, offline);
    },
  };
}
