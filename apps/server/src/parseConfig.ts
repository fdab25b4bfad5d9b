import { parseArgs } from 'node:util';
import type { ServerConfigInput } from './serverConfig.js';
import { SETTINGS, type SettingKind } from './serverSettings.js';

/** The result of reading the command line: a config, or a request for help. */
export type ParsedCommandLine = { help: true } | { help: false; config: ServerConfigInput };

/**
 * Reads settings from command-line flags (`--port 9000`, `--batching=off`) and environment
 * variables. Unknown flags and malformed values throw.
 *
 * @example
 * const parsed = parseConfig(process.argv.slice(2), process.env);
 */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const options: Record<string, { type: 'string' } | { type: 'boolean' }> = { help: { type: 'boolean' } };
  for (const spec of SETTINGS) options[spec.flag] = { type: 'string' };
  const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  if (values.help === true) return { help: true };
  const config: Record<string, unknown> = {};
  for (const spec of SETTINGS) {
    const fromFlag = values[spec.flag];
    const raw = typeof fromFlag === 'string' ? fromFlag : firstEnv(env, spec.env);
    if (raw === undefined) continue;
    const source = typeof fromFlag === 'string' ? `--${spec.flag}` : spec.env.join('/');
    config[spec.key] = convert(raw, spec.kind, source);
  }
  return { help: false, config: config as ServerConfigInput };
}

/** Usage text for `--help`. */
export function usage(): string {
  const lines = SETTINGS.map(
    (spec) => `  --${spec.flag.padEnd(22)} ${spec.env.join(', ').padEnd(26)} ${spec.help}`,
  );
  return [
    'Usage: akidb-server [options]',
    '',
    '  flag                     environment                description',
    ...lines,
  ].join('\n');
}

function firstEnv(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function convert(raw: string, kind: SettingKind, source: string): unknown {
  switch (kind) {
    case 'int': {
      if (!/^\d+$/.test(raw.trim())) throw new Error(`${source} must be a whole number, got "${raw}"`);
      return Number.parseInt(raw, 10);
    }
    case 'bool': {
      const value = raw.trim().toLowerCase();
      if (['1', 'true', 'on', 'yes'].includes(value)) return true;
      if (['0', 'false', 'off', 'no'].includes(value)) return false;
      throw new Error(`${source} must be on or off, got "${raw}"`);
    }
    case 'list':
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    default:
      return raw;
  }
}
