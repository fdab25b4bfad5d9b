import { markdownTable } from './markdownTable.js';
import type { MachineInfo } from './reportTypes.js';

/**
 * The machine a run was taken on, as a markdown table: CPU, memory, OS, Node, optionally the
 * package versions, and the load average at start and end.
 *
 * @example
 * machineTable(report.machine, { versions: true });
 */
export function machineTable(m: MachineInfo, options: { versions: boolean }): string {
  const versions = Object.entries(m.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  return markdownTable(
    ['machine', ''],
    [
      ['CPU', `${m.cpuModel} × ${m.cpus}`],
      ['memory', `${(m.totalMemoryMB / 1024).toFixed(1)} GB`],
      ['OS', `${m.os} ${m.arch}`],
      ['Node', m.node],
      ...(options.versions ? [['versions', versions]] : []),
      [
        'load average (1 min) at start / end',
        `${m.loadAverageStart.toFixed(2)} / ${m.loadAverageEnd.toFixed(2)}`,
      ],
    ],
  );
}
