import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import type { PackageManifest } from './workspacePackages.js';

/** What a package's built `dist/` pulls in and whether anything foreign was bundled into it. */
export interface DistReport {
  /** Files in `dist/`, sorted. */
  files: string[];
  /** Package names imported by the built JS and declarations (node builtins excluded), sorted. */
  imports: string[];
  /** Imported packages that are not `dependencies`/`peerDependencies` of the package. */
  undeclared: string[];
  /** Sources bundled in from outside the package's own `src/` (node_modules, sibling packages). */
  foreignSources: string[];
  /** Files the built code loads with `new URL('./file', import.meta.url)` that are not in `dist/`. */
  missingAssets: string[];
}

const SPECIFIER =
  /\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s*)?["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;
const REGION = /^\/\/#region (.+)$/gm;
const ASSET = /new URL\(\s*["'](\.{1,2}\/[^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;
const BUILTINS = new Set(builtinModules);

// Doc comments quote imports in their examples; generated code keeps comments on lines of their own.
function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Every module specifier imported or re-exported by an ES module (or declaration file) text. */
export function moduleSpecifiers(code: string): string[] {
  return [...withoutComments(code).matchAll(SPECIFIER)]
    .map((match) => match[1] ?? match[2] ?? '')
    .filter(Boolean);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(packageNameOf(specifier));
}

/**
 * Reads `<pkgDir>/dist` after a build: which packages it imports, which of them the manifest does not
 * declare (they would be missing for a consumer), which bundled regions come from outside `src/`, and which
 * files loaded relative to the module (workers, data) the build left behind.
 */
export async function inspectDist(pkgDir: string, manifest: PackageManifest): Promise<DistReport> {
  const distDir = join(pkgDir, 'dist');
  const files = (await readdir(distDir, { recursive: true }))
    .map((name) => String(name).split(sep).join('/'))
    .sort();
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const imports = new Set<string>();
  const foreignSources = new Set<string>();
  const missingAssets = new Set<string>();
  for (const file of files.filter((name) => /\.(?:mjs|d\.mts)$/.test(name))) {
    const code = await readFile(join(distDir, file), 'utf8');
    for (const specifier of moduleSpecifiers(code)) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      imports.add(packageNameOf(specifier));
    }
    for (const [, source = ''] of code.matchAll(REGION)) {
      if (!source.startsWith('src/')) foreignSources.add(source);
    }
    for (const [, asset = ''] of code.matchAll(ASSET)) {
      const path = relative(distDir, join(distDir, dirname(file), asset))
        .split(sep)
        .join('/');
      if (!files.includes(path)) missingAssets.add(path);
    }
  }
  const sortedImports = [...imports].sort();
  return {
    files,
    imports: sortedImports,
    undeclared: sortedImports.filter((name) => !declared.has(name)),
    foreignSources: [...foreignSources].sort(),
    missingAssets: [...missingAssets].sort(),
  };
}
