import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The package.json fields the release tooling reads. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  sideEffects?: boolean;
  files?: string[];
  exports?: Record<string, unknown>;
  publishConfig?: Record<string, unknown>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** One project of the pnpm workspace. */
export interface WorkspacePackage {
  /** Absolute directory. */
  dir: string;
  /** Directory relative to the workspace root, with `/` (e.g. `packages/core`). */
  path: string;
  manifest: PackageManifest;
}

/** The `dir/*` globs under `packages:` in pnpm-workspace.yaml (the only form this workspace uses). */
export function parseWorkspaceGlobs(yaml: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^\S/.test(line)) inPackages = /^packages:\s*$/.test(line);
    const item = inPackages ? /^\s+-\s+['"]?([^'"#\s]+)['"]?/.exec(line) : null;
    if (!item?.[1]) continue;
    if (!/^[\w.-]+\/\*$/.test(item[1])) {
      throw new Error(`Unsupported workspace glob "${item[1]}": expected "<dir>/*"`);
    }
    globs.push(item[1]);
  }
  return globs;
}

async function readManifest(dir: string): Promise<PackageManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Every project of the workspace rooted at `root`, sorted by path. */
export async function readWorkspacePackages(root: string): Promise<WorkspacePackage[]> {
  const globs = parseWorkspaceGlobs(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8'));
  const found: WorkspacePackage[] = [];
  for (const glob of globs) {
    const parent = glob.slice(0, -2);
    const entries = await readdir(join(root, parent), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const dir = join(root, parent, entry.name);
      const manifest = await readManifest(dir);
      if (manifest) found.push({ dir, path: `${parent}/${entry.name}`, manifest });
    }
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** The packages that get published: every workspace project not marked `private`. */
export async function readLibraryPackages(root: string): Promise<WorkspacePackage[]> {
  return (await readWorkspacePackages(root)).filter((pkg) => pkg.manifest.private !== true);
}
