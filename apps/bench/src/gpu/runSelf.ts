import { spawn } from 'node:child_process';

/** What a child run of this entry point printed, and how it ended. */
export interface SelfRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they came. */
  readonly output: string;
}

/**
 * Runs this same entry point (`process.argv[1]`, with this process's node flags) again in a child
 * process with `args`, optionally behind a launcher such as `['taskset', '-c', '0,1']`, and resolves
 * when it ends. The GPU bench's child steps (placement, cores) use it.
 *
 * @example
 * const { code, stdout } = await runSelf([CORES_CHILD_FLAG, JSON.stringify(spec)]);
 */
export function runSelf(args: readonly string[], launcher: readonly string[] = []): Promise<SelfRun> {
  const node = [...process.execArgv, process.argv[1] as string, ...args];
  const [command, ...rest] = [...launcher, process.execPath, ...node] as [string, ...string[]];
  return new Promise((resolve) => {
    const child = spawn(command, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const all: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      all.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      all.push(chunk);
    });
    child.on('close', (code) => {
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        output: Buffer.concat(all).toString('utf8'),
      });
    });
  });
}
