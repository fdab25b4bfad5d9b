import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The consumer project's fixed files: `tsconfig.json` (what a Node ESM user picks: NodeNext, strict, no custom
 * conditions), `tsconfig.declarations.json` (the same with every declaration file checked), `src/embed.ts` and
 * `src/integrations.ts`.
 */
export const CONSUMER_TEMPLATE_DIR: string = fileURLToPath(new URL('../consumer/', import.meta.url));

/** A project outside the workspace that depends on a published package, as a user would set it up. */
export interface ConsumerProjectOptions {
  dir: string;
  registryUrl: string;
  /** Published names and versions to depend on (the first one's scope gets the registry). */
  dependencies: Record<string, string>;
  /** Exact versions of the project's own tools (`typescript`, `@types/node`). */
  devDependencies: Record<string, string>;
}

/** The line the consumer prints: what it got back for the text. */
export interface ConsumerReport {
  via: 'model-dir' | 'model-id';
  model: string;
  dimension: number;
  length: number;
  norm: number;
  promptTokens: number;
  vector: number[];
}

/**
 * Writes a fresh consumer project: the template, a package.json and an `.npmrc` that installs everything from
 * the given registry only. The token for the private scope is not the project's business: like a user's, it
 * lives in the user-level npmrc.
 */
export async function writeConsumerProject(options: ConsumerProjectOptions): Promise<void> {
  await cp(CONSUMER_TEMPLATE_DIR, options.dir, { recursive: true });
  const manifest = {
    name: 'akidb-release-consumer',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: options.dependencies,
    devDependencies: options.devDependencies,
  };
  const first = Object.keys(options.dependencies)[0] ?? '';
  const scope = first.startsWith('@') ? first.split('/')[0] : undefined;
  const npmrc = [
    `registry=${options.registryUrl}`,
    ...(scope ? [`${scope}:registry=${options.registryUrl}`] : []),
    '',
  ].join('\n');
  await writeFile(join(options.dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(options.dir, '.npmrc'), npmrc);
}

/** What `src/integrations.ts` prints: the service's vector, and each integration's length and cosine to it. */
export interface IntegrationsReport {
  integrations: true;
  vector: number[];
  paths: Record<string, { length: number; cosine: number }>;
}

/** The report line among whatever else the consumer printed. */
export function parseConsumerReport(stdout: string): ConsumerReport {
  return JSON.parse(reportLine(stdout, '{"via"')) as ConsumerReport;
}

/** The integrations program's report line among whatever else it printed. */
export function parseIntegrationsReport(stdout: string): IntegrationsReport {
  return JSON.parse(reportLine(stdout, '{"integrations"')) as IntegrationsReport;
}

function reportLine(stdout: string, prefix: string): string {
  const line = stdout
    .split(/\r?\n/)
    .reverse()
    .find((candidate) => candidate.startsWith(prefix));
  if (!line) throw new Error(`The consumer printed no report:\n${stdout}`);
  return line;
}
