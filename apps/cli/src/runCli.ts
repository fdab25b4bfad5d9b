import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What a CLI run printed and how it exited. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Variables set (string) or removed (undefined) on top of this process's environment. */
  env?: Record<string, string | undefined>;
  /** Text written to the CLI's stdin; without it stdin is empty (`/dev/null`). */
  input?: string;
  /** Send SIGINT (Ctrl-C) to the CLI when this settles. */
  interruptOn?: Promise<unknown>;
  /** Kill the CLI after this long (default 60 s). */
  timeoutMs?: number;
}

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Variables of the test runner that would point the CLI elsewhere than the test wants. */
const CLEARED = ['AKIDB_MODELS_DIR', 'AKIDB_DEFAULT_MODEL', 'HF_ENDPOINT', 'NODE_OPTIONS'];

/**
 * Runs the CLI from source as a real child process (`node --conditions=@akidb/source --import tsx
 * src/main.ts ...args`), from a temp directory so nothing depends on the cwd. For tests.
 *
 * @example
 * const { code, stdout } = await runCli(['models', 'list', '--json']);
 */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CLEARED) delete env[name];
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const child = spawn(
    process.execPath,
    ['--conditions=@akidb/source', '--import', TSX_LOADER, MAIN, ...args],
    {
      cwd: tmpdir(),
      env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    },
  );
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  const interrupt = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  options.interruptOn?.then(interrupt, interrupt);
  if (options.input !== undefined) child.stdin?.end(options.input);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}
