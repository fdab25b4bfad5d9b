import { readFile } from 'node:fs/promises';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MachineInfo } from '../report/reportTypes.js';

const PACKAGES = ['onnxruntime-node', '@huggingface/transformers', 'fastembed', 'undici'];

/** The 1-minute load average: how busy the machine was besides the bench. */
export function loadAverage(): number {
  return loadavg()[0] ?? 0;
}

/** CPU, memory, OS, Node and the peers' package versions. */
export async function machineInfo(loadAverageStart: number): Promise<MachineInfo> {
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) versions[name] = await packageVersion(name);
  const cpuList = cpus();
  return {
    os: `${platform()} ${release()}`,
    arch: arch(),
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cpus: cpuList.length,
    totalMemoryMB: totalmem() / (1024 * 1024),
    node: process.version,
    versions,
    loadAverageStart,
    loadAverageEnd: loadAverage(),
  };
}

/** Version from the package's own package.json, found by walking up from its entry point. */
async function packageVersion(name: string): Promise<string> {
  try {
    let dir = dirname(fileURLToPath(import.meta.resolve(name)));
    for (let depth = 0; depth < 6; depth++) {
      const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
      const parsed = manifest ? (JSON.parse(manifest) as { name?: string; version?: string }) : undefined;
      if (parsed?.name === name && parsed.version) return parsed.version;
      dir = dirname(dir);
    }
  } catch {
    // fall through: not installed or not resolvable
  }
  return 'unknown';
}
