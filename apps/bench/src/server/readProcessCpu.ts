import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time of a process so far, in clock ticks, from `/proc/<pid>/stat`. */
export interface ProcStatCpu {
  utimeTicks: number;
  stimeTicks: number;
}

/**
 * Reads utime and stime (fields 14 and 15) from the text of `/proc/<pid>/stat`. The command name
 * (field 2) sits in parentheses and may itself hold spaces and `)`, so fields are counted from the
 * last `)`. Throws on text that is not a stat line.
 *
 * @example
 * parseProcStat('4242 (node) S 1 4242 4242 0 -1 4194304 10 0 0 0 250 40 0 0 20 0 11 0 9 0 0');
 * // { utimeTicks: 250, stimeTicks: 40 }
 */
export function parseProcStat(text: string): ProcStatCpu {
  const close = text.lastIndexOf(')');
  if (close < 0 || !/^\s*\d+ \(/.test(text))
    throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // After the name: state (field 3), ppid (4), ... utime is field 14, stime 15.
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!(Number.isInteger(utime) && Number.isInteger(stime)) || fields.length < 13)
    throw new Error(`/proc/<pid>/stat line without utime/stime: ${text.slice(0, 80)}`);
  return { utimeTicks: utime, stimeTicks: stime };
}

let ticksPerSecond: number | undefined;

/** `getconf CLK_TCK` (the unit of /proc/<pid>/stat times), 100 when getconf is missing. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      ticksPerSecond = Number.isInteger(value) && value > 0 ? value : 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU seconds (user + system, every thread) `pid` has used so far, from `/proc/<pid>/stat`.
 * Linux only; throws when the process or /proc is missing.
 *
 * @example
 * const before = readProcessCpuSeconds(server.pid);
 */
export function readProcessCpuSeconds(pid: number): number {
  return statSeconds(`/proc/${pid}/stat`);
}

/**
 * CPU seconds (user + system) of `pid`'s main thread alone (the thread whose id is the pid), from
 * `/proc/<pid>/task/<pid>/stat`: in a Node server the event loop, where HTTP, JSON and tokenizing run.
 * Linux only; throws when the process or /proc is missing.
 *
 * @example
 * const mainThread = readMainThreadCpuSeconds(server.pid);
 */
export function readMainThreadCpuSeconds(pid: number): number {
  return statSeconds(`/proc/${pid}/task/${pid}/stat`);
}

function statSeconds(path: string): number {
  const { utimeTicks, stimeTicks } = parseProcStat(readFileSync(path, 'utf8'));
  return (utimeTicks + stimeTicks) / clockTicksPerSecond();
}
