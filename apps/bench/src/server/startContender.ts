import type { ServerContenderId } from '../report/serverReportTypes.js';
import { readPeerSetup } from './readPeerSetup.js';
import { spawnInfinity } from './spawnInfinity.js';
import { spawnServer } from './spawnServer.js';

/** A running contender the load generator can drive. */
export interface ServerHandle {
  url: string;
  /** Its process, for CPU time; `null` for a server the bench did not start. */
  pid: number | null;
  startupS: number;
  /** How it runs (threads, flags), one line each, for the report. */
  reported(): string[];
  stop(): Promise<void>;
}

/** What starting a contender needs from the comparison's options. */
export interface StartOptions {
  home: string;
  model: string;
  threads: number;
  serverArgs: readonly string[];
  url: string | null;
}

/** Infinity's batch size: AkiDB's server's default largest batch. */
const BATCH_SIZE = 32;

/**
 * Starts one contender on the run's cores: AkiDB's server (`--cores`) with dynamic batching on or
 * off, or Infinity with its torch or ONNX (optimum) engine; `url` only wraps the given server.
 *
 * @example
 * const server = await startContender('infinityOnnx', { home, model, threads: 2, serverArgs: [], url: null });
 */
export async function startContender(id: ServerContenderId, options: StartOptions): Promise<ServerHandle> {
  if (id === 'url') {
    if (!options.url) throw new Error('no --url given');
    const url = options.url.replace(/\/$/, '');
    return {
      url,
      pid: null,
      startupS: 0,
      reported: () => [`existing server at ${url}`],
      stop: async () => {},
    };
  }
  if (id === 'oursBatching' || id === 'oursNoBatching') {
    const batching = id === 'oursBatching';
    const server = await spawnServer({
      model: options.model,
      batching,
      threads: options.threads,
      extraArgs: options.serverArgs,
    });
    const flags = [
      `--cores=${options.threads}`,
      `--batching=${batching ? 'on' : 'off'}`,
      ...options.serverArgs,
    ];
    const metrics = await fetch(`${server.url}/metrics`).then(
      (res) => (res.ok ? res.text() : ''),
      () => '',
    );
    const replicas = replicasFromMetrics(metrics, options.model);
    const lines = [`apps/server ${flags.join(' ')}`];
    if (replicas !== null) lines.push(`${replicas} replica(s) alive (GET /metrics)`);
    return { ...server, reported: () => lines };
  }
  const setup = await readPeerSetup(options.home, options.model);
  if (typeof setup === 'string') throw new Error(setup);
  const server = await spawnInfinity({
    setup,
    engine: id === 'infinityTorch' ? 'torch' : 'optimum',
    model: options.model,
    threads: options.threads,
    batchSize: BATCH_SIZE,
  });
  return {
    ...server,
    reported: () => server.reported().map(describePeerReport),
  };
}

/**
 * One `akidb-peer:` line of `tools/peers/infinity_serve.py` as report text, e.g.
 * `ONNX Runtime intra-op threads 2, inter-op 1 (model_optimized.onnx)`.
 *
 * @example
 * describePeerReport('{"torch_intra_op_threads": 2, "torch": "2.13.0+cpu"}'); // 'torch intra-op threads 2'
 */
export function describePeerReport(line: string): string {
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof fields.torch_intra_op_threads === 'number')
    return `torch intra-op threads ${fields.torch_intra_op_threads}`;
  if (typeof fields.intra_op_threads === 'number')
    return `ONNX Runtime intra-op threads ${fields.intra_op_threads}, inter-op ${String(fields.inter_op_threads)} (${String(fields.onnxruntime_session)})`;
  if (Array.isArray(fields.args)) {
    // The port changes with every start; the rest is the command line.
    const args = fields.args
      .map(String)
      .join(' ')
      .replace(/ --port \d+/, '');
    return `infinity_emb ${args}`;
  }
  return line;
}

/**
 * Alive replicas of `model` from the server's Prometheus text (`akidb_model_replicas`), or `null`
 * when the metric is absent.
 *
 * @example
 * replicasFromMetrics('akidb_model_replicas{model="m",state="alive"} 2', 'm'); // 2
 */
export function replicasFromMetrics(metrics: string, model: string): number | null {
  for (const line of metrics.split('\n')) {
    const match = /^akidb_model_replicas\{([^}]*)\}\s+(\d+)/.exec(line);
    if (!match) continue;
    const labels = match[1] ?? '';
    if (labels.includes(`model="${model}"`) && labels.includes('state="alive"')) return Number(match[2]);
  }
  return null;
}
