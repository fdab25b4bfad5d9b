import { spawn } from 'node:child_process';

/** How to run one command. */
export interface RunCommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Kill the command's whole process group after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Aborting kills the command's whole process group. */
  signal?: AbortSignal;
}

/** What a finished command printed. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

const KEEP_CHARS = 20_000;

function keepTail(text: string): string {
  return text.length > KEEP_CHARS ? `…${text.slice(-KEEP_CHARS)}` : text;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/**
 * Runs a command in its own process group without blocking the event loop (a registry served from this
 * process must keep answering), and rejects with the command line and the tail of its output when it fails,
 * times out or is aborted. Killing the group takes the command's children (npm under pnpm, ...) with it.
 *
 * @example
 * const { stdout } = await runCommand('npm', ['config', 'get', 'registry'], { cwd, env: process.env });
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandOutput> {
  const line = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new Error(`Not started (aborted): ${line}`));
      return;
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopped = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = keepTail(stdout + chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = keepTail(stderr + chunk);
    });
    const stop = (why: string): void => {
      stopped = why;
      killGroup(child.pid);
    };
    const timeoutMs = options.timeoutMs ?? 300_000;
    const timer = setTimeout(() => stop(`timed out after ${timeoutMs} ms`), timeoutMs);
    const onAbort = (): void => stop('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (error: Error | undefined): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve({ stdout, stderr });
    };
    child.on('error', (error) => finish(new Error(`Could not start ${line}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0 && !stopped) {
        finish(undefined);
        return;
      }
      const status = stopped || (signal ? `killed by ${signal}` : `exit code ${code}`);
      finish(
        new Error(
          `${line} (in ${options.cwd}) failed: ${status}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
        ),
      );
    });
  });
}
