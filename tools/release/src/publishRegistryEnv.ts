/** The scope every published package lives in. */
export const PUBLISH_SCOPE = '@akidb';

/** `//host[:port]/path/`: the key npm stores a registry's credentials under. */
export function registryAuthKey(registryUrl: string): string {
  const url = new URL(registryUrl);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `//${url.host}${path}`;
}

/**
 * The environment that points a publish at the private registry, built from `AKIDB_REGISTRY_URL` (required)
 * and `AKIDB_REGISTRY_TOKEN` (optional; without it the token comes from the user's `~/.npmrc`).
 *
 * It sets `npm_config_@akidb:registry`, the one place that both changesets (its `npm info` checks and
 * the registry it hands to `pnpm publish`) and npm (which does the upload for pnpm) read a scoped
 * registry from, and `npm_config_//host/path/:_authToken` for the token.
 *
 * @example
 * publishRegistryEnv({ AKIDB_REGISTRY_URL: 'https://npm.internal.example/' });
 * // { 'npm_config_@akidb:registry': 'https://npm.internal.example/' }
 */
export function publishRegistryEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const raw = env.AKIDB_REGISTRY_URL?.trim();
  if (!raw) {
    throw new Error(
      'AKIDB_REGISTRY_URL is not set: name the private registry to publish to, e.g. AKIDB_REGISTRY_URL=https://npm.internal.example/ (see docs/releasing.md)',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`AKIDB_REGISTRY_URL is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`AKIDB_REGISTRY_URL must be an http(s) URL, got "${raw}"`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(
      'AKIDB_REGISTRY_URL must be a plain registry URL: put credentials in AKIDB_REGISTRY_TOKEN',
    );
  }
  const registry = url.href.endsWith('/') ? url.href : `${url.href}/`;
  const result: Record<string, string> = { [`npm_config_${PUBLISH_SCOPE}:registry`]: registry };
  const token = env.AKIDB_REGISTRY_TOKEN?.trim();
  if (token) result[`npm_config_${registryAuthKey(registry)}:_authToken`] = token;
  return result;
}
