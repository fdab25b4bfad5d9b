import { delimiter } from 'node:path';

// npm settings a parent run may have exported that are about reaching the network, not about what to
// install or where: these keep working in the children.
const KEPT_NPM_SETTINGS = new Set(['cafile', 'ca', 'strict_ssl', 'proxy', 'https_proxy', 'noproxy', 'cache']);

function isInheritedPackageManagerVar(key: string): boolean {
  const lower = key.toLowerCase();
  if (lower.startsWith('npm_config_')) return !KEPT_NPM_SETTINGS.has(lower.slice('npm_config_'.length));
  // NODE_OPTIONS could carry `--conditions=@akidb/source` and make a consumer resolve what is not published.
  return (
    lower.startsWith('npm_') || lower.startsWith('pnpm_') || lower === 'init_cwd' || lower === 'node_options'
  );
}

/** What the release children get on top of the cleaned environment. */
export interface ChildEnvOptions {
  /** The only user-level npm config the children read (registry, token). */
  userconfig: string;
  /** Directories put first on `PATH` (e.g. the pinned pnpm). */
  pathPrefix?: readonly string[];
  /** Extra variables, set last. */
  extra?: Record<string, string>;
}

/**
 * The parent environment without the `npm_*`/`pnpm_*` variables a surrounding `pnpm test` exports
 * (registry, lockfile and script settings would leak into the throwaway release) and without `NODE_OPTIONS`,
 * pointing npm and pnpm at one user config of our own. Network settings (CA file, proxies) are kept.
 *
 * @example
 * const env = childEnv(process.env, { userconfig: join(tmp, 'npmrc') });
 */
export function childEnv(parent: NodeJS.ProcessEnv, options: ChildEnvOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value !== undefined && !isInheritedPackageManagerVar(key)) env[key] = value;
  }
  env.npm_config_userconfig = options.userconfig;
  if (options.pathPrefix?.length) {
    env.PATH = [...options.pathPrefix, parent.PATH ?? ''].filter(Boolean).join(delimiter);
  }
  Object.assign(env, options.extra);
  return env;
}
