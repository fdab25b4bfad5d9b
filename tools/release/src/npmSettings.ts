import { runCommand } from './runCommand.js';

/** The machine's npm settings that matter for reaching the public registry. */
export interface NpmSettings {
  registry: string;
  cafile: string | undefined;
  httpsProxy: string | undefined;
  proxy: string | undefined;
  noproxy: string | undefined;
}

const PUBLIC_REGISTRY = 'https://registry.npmjs.org/';

function setting(values: Map<string, string>, key: string): string | undefined {
  const value = values.get(key)?.trim();
  return value && value !== 'null' && value !== 'undefined' ? value : undefined;
}

/** Parses `npm config get a b c` output (`key=value` lines). */
export function parseNpmConfigLines(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at).trim(), line.slice(at + 1));
  }
  return values;
}

/**
 * Reads the registry this machine installs from (a mirror, a corporate proxy or the public registry) and
 * how it is reached, so a throwaway Verdaccio can use the same one as its uplink.
 */
export async function readNpmSettings(cwd: string, env: NodeJS.ProcessEnv): Promise<NpmSettings> {
  const { stdout } = await runCommand(
    'npm',
    ['config', 'get', 'registry', 'cafile', 'https-proxy', 'proxy', 'noproxy'],
    { cwd, env, timeoutMs: 60_000 },
  );
  const values = parseNpmConfigLines(stdout);
  return {
    registry: setting(values, 'registry') ?? PUBLIC_REGISTRY,
    cafile: setting(values, 'cafile'),
    httpsProxy: setting(values, 'https-proxy'),
    proxy: setting(values, 'proxy'),
    noproxy: setting(values, 'noproxy'),
  };
}
