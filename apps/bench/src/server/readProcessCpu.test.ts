import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseProcStat, readMainThreadCpuSeconds, readProcessCpuSeconds } from './readProcessCpu.js';

const STAT =
  '4242 (node) S 1 4242 4242 0 -1 4194304 1520 0 0 0 250 40 0 0 20 0 11 0 987 1091633152 26410 18446744073709551615';

describe('parseProcStat', () => {
  it('reads utime and stime (fields 14 and 15)', () => {
    expect(parseProcStat(STAT)).toEqual({ utimeTicks: 250, stimeTicks: 40 });
  });

  it('counts fields from the last parenthesis, so odd command names do not shift them', () => {
    const odd = STAT.replace('(node)', '(my (odd) name) 7 8)');
    expect(parseProcStat(odd)).toEqual({ utimeTicks: 250, stimeTicks: 40 });
  });

  it('rejects text that is not a stat line', () => {
    expect(() => parseProcStat('hello')).toThrow(/not a \/proc/);
    expect(() => parseProcStat('12 (x) S 1 2')).toThrow(/without utime/);
  });
});

/**
 * Runs `script` in a child node that prints `{ seconds }` (its own CPU so far) and then waits, and
 * hands `read` that number and the child's pid while it is still alive.
 */
async function withBurningChild(
  script: readonly string[],
  read: (seconds: number, pid: number) => void,
): Promise<void> {
  const child = spawn(process.execPath, ['-e', script.join('\n')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(String(d))),
    );
    read((JSON.parse(line) as { seconds: number }).seconds, child.pid as number);
  } finally {
    child.kill();
  }
}

describe('readProcessCpuSeconds', () => {
  it.runIf(process.platform === 'linux')("agrees with the process's own process.cpuUsage()", async () => {
    // The child burns a fixed amount of CPU, reports its own cpuUsage, then waits to be read.
    const script = [
      'let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7;',
      'const { user, system } = process.cpuUsage();',
      'process.stdout.write(JSON.stringify({ seconds: (user + system) / 1e6, x }) + "\\n");',
      'setTimeout(() => {}, 30000);',
    ];
    await withBurningChild(script, (own, pid) => {
      const fromProc = readProcessCpuSeconds(pid);
      expect(own).toBeGreaterThan(0.05);
      expect(Math.abs(fromProc - own)).toBeLessThan(0.05 + own * 0.02);
    });
  });

  it('throws for a process that does not exist', () => {
    expect(() => readProcessCpuSeconds(2 ** 30)).toThrow();
  });
});

describe('readMainThreadCpuSeconds', () => {
  it.runIf(process.platform === 'linux')(
    'counts the main thread alone, not a busy worker thread',
    async () => {
      // The main thread burns CPU and notes its usage (all its own so far), then a worker burns twice as much.
      const script = [
        "const { Worker } = require('node:worker_threads');",
        'let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7;',
        'const main = process.cpuUsage();',
        "const worker = new Worker('let y = 0; for (let i = 0; i < 4e8; i++) y += i % 7;', { eval: true });",
        "worker.on('exit', () => {",
        '  process.stdout.write(JSON.stringify({ seconds: (main.user + main.system) / 1e6, x }) + "\\n");',
        '  setTimeout(() => {}, 30000);',
        '});',
      ];
      await withBurningChild(script, (mainBurn, pid) => {
        const mainThread = readMainThreadCpuSeconds(pid);
        const all = readProcessCpuSeconds(pid);
        expect(mainBurn).toBeGreaterThan(0.05);
        // The main thread also started the worker and waited for it: a little more than its burn.
        expect(mainThread).toBeGreaterThan(mainBurn - 0.05);
        expect(mainThread).toBeLessThan(mainBurn + 0.15);
        // The worker's loop, twice the main thread's, is in the process total only.
        expect(all - mainThread).toBeGreaterThan(mainBurn);
      });
    },
  );

  it('throws for a process that does not exist', () => {
    expect(() => readMainThreadCpuSeconds(2 ** 30)).toThrow();
  });
});
