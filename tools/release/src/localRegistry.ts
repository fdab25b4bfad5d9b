import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from './freePort.js';
import type { NpmSettings } from './npmSettings.js';

/** A running throwaway registry and a user that may publish to it. */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** Bearer token of the registry's only user. */
  readonly token: string;
  /** Stops the server (its whole process group); safe to call twice. */
  stop(): Promise<void>;
}

/** Where the registry keeps its files and what it proxies. */
export interface LocalRegistryOptions {
  /** Empty directory for config, storage, htpasswd and the log. */
  dir: string;
  /** The private scope, e.g. `@akidb`: served from local storage only, never proxied. */
  scope: string;
  /** How this machine reaches npm packages; everything outside the scope is proxied there. */
  upstream: NpmSettings;
  env: NodeJS.ProcessEnv;
  /** How long to wait for the server to answer (default 60 s). */
  startTimeoutMs?: number;
}

// Verdaccio runs as a child whose stdin is a pipe from this process: when this process dies, however it
// dies, the pipe closes and the child exits, so no registry outlives a crashed test run.
const EXIT_WITH_PARENT =
  "process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume(); require(process.argv[1]);";

function verdaccioBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('verdaccio/package.json')), 'bin', 'verdaccio');
}

function verdaccioConfig(options: LocalRegistryOptions): Record<string, unknown> {
  const { upstream } = options;
  return {
    storage: join(options.dir, 'storage'),
    web: { enable: false },
    auth: { htpasswd: { file: join(options.dir, 'htpasswd'), max_users: 1 } },
    uplinks: { upstream: { url: upstream.registry, timeout: '120s' } },
    packages: {
      [`${options.scope}/*`]: {
        access: '$authenticated',
        publish: '$authenticated',
        unpublish: '$authenticated',
      },
      '**': { access: '$all', publish: '$authenticated', proxy: 'upstream' },
    },
    middlewares: { audit: { enabled: false } },
    log: { type: 'stdout', format: 'json', level: 'warn' },
    ...(upstream.httpsProxy ? { https_proxy: upstream.httpsProxy } : {}),
    ...(upstream.proxy ? { http_proxy: upstream.proxy } : {}),
    ...(upstream.noproxy ? { no_proxy: upstream.noproxy } : {}),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    const pid = child.pid;
    const kill = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-pid, signal);
      } catch {
        // Already gone.
      }
    };
    const force = setTimeout(() => kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    kill('SIGTERM');
  });
}

async function waitUntilServing(
  url: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Verdaccio exited before serving:\n${await readFile(logFile, 'utf8')}`);
    }
    try {
      const response = await fetch(new URL('-/ping', url), { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Verdaccio did not answer within ${timeoutMs} ms:\n${await readFile(logFile, 'utf8')}`);
}

async function addUser(url: string): Promise<string> {
  const name = 'akidb-release-e2e';
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: randomBytes(18).toString('base64url'), type: 'user' }),
  });
  const body = (await response.json()) as { token?: unknown };
  if (!response.ok || typeof body.token !== 'string') {
    throw new Error(`Verdaccio refused to create the user (${response.status}): ${JSON.stringify(body)}`);
  }
  return body.token;
}

/**
 * Starts Verdaccio from node_modules on a free 127.0.0.1 port with a throwaway config: the private scope is
 * local-only and needs a login, everything else is proxied to this machine's registry. Creates the one user
 * through the npm `adduser` API and returns its token.
 *
 * @example
 * const registry = await startLocalRegistry({ dir, scope: '@akidb', upstream, env });
 * try { ... } finally { await registry.stop(); }
 */
export async function startLocalRegistry(options: LocalRegistryOptions): Promise<LocalRegistry> {
  await mkdir(options.dir, { recursive: true });
  const configFile = join(options.dir, 'config.yaml');
  // JSON is YAML: no quoting rules to get wrong for paths and URLs.
  await writeFile(configFile, JSON.stringify(verdaccioConfig(options), null, 2));
  const env = { ...options.env };
  if (options.upstream.cafile && !env.NODE_EXTRA_CA_CERTS) env.NODE_EXTRA_CA_CERTS = options.upstream.cafile;
  let lastError: unknown;
  // The port is free when picked but could be taken before Verdaccio binds it: try a few.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const url = `http://127.0.0.1:${await freePort()}/`;
    const logFile = join(options.dir, `verdaccio-${attempt}.log`);
    const log = openSync(logFile, 'w');
    const child = spawn(
      process.execPath,
      ['-e', EXIT_WITH_PARENT, verdaccioBin(), '--config', configFile, '--listen', new URL(url).host],
      { cwd: options.dir, env, detached: true, stdio: ['pipe', log, log] },
    );
    closeSync(log);
    try {
      await waitUntilServing(url, child, logFile, options.startTimeoutMs ?? 60_000);
      const token = await addUser(url);
      return { url, token, stop: () => stopChild(child) };
    } catch (error) {
      lastError = error;
      await stopChild(child);
    }
  }
  throw lastError;
}
