import type { PeerSetup } from './readPeerSetup.js';
import { freePort, type ReadyProcess, spawnReadyProcess } from './spawnReadyProcess.js';

const READY_TIMEOUT_MS = 240_000;
/** Prefix of the lines `tools/peers/infinity_serve.py` writes about the threads it applied. */
export const PEER_REPORT_PREFIX = 'akidb-peer:';

/** How to start Infinity. */
export interface SpawnInfinityOptions {
  setup: PeerSetup;
  engine: 'torch' | 'optimum';
  /** Name the model is served under (the `model` field of requests). */
  model: string;
  threads: number;
  batchSize: number;
}

/**
 * Starts Infinity (`infinity_emb v2`) through `tools/peers/infinity_serve.py`, which pins torch and
 * ONNX Runtime to `threads` intra-op threads, on a free loopback port with routes under `/v1`
 * (so `POST /v1/embeddings`, as for AkiDB), offline, mean pooling, warning-level logs, and waits
 * for `/health`.
 *
 * @example
 * const infinity = await spawnInfinity({ setup, engine: 'optimum', model: 'all-minilm-l6-v2',
 *   threads: 2, batchSize: 32 });
 */
export async function spawnInfinity(options: SpawnInfinityOptions): Promise<ReadyProcess> {
  const port = await freePort();
  return spawnReadyProcess({
    command: options.setup.python,
    args: infinityArgs(options, port),
    env: {
      ...process.env,
      HF_HOME: options.setup.hfHome,
      HF_HUB_OFFLINE: '1',
      TRANSFORMERS_OFFLINE: '1',
      DO_NOT_TRACK: '1',
      INFINITY_ANONYMOUS_USAGE_STATS: '0',
    },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/health',
    timeoutMs: READY_TIMEOUT_MS,
    reportPrefix: PEER_REPORT_PREFIX,
  });
}

/** The launcher's command line (after the python executable). */
export function infinityArgs(options: SpawnInfinityOptions, port: number): string[] {
  const dir = options.engine === 'torch' ? options.setup.torchDir : options.setup.onnxDir;
  return [
    options.setup.launcher,
    '--threads',
    String(options.threads),
    '--',
    'v2',
    '--model-id',
    dir,
    '--served-model-name',
    options.model,
    '--engine',
    options.engine,
    '--device',
    'cpu',
    '--batch-size',
    String(options.batchSize),
    // Infinity's optimum engine takes the first token unless told; the model is mean-pooled.
    '--pooling-method',
    'mean',
    // Start-up warm-up runs batch 32 x 512 tokens (~20 s on 2 cores); the bench warms every level.
    '--no-model-warmup',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--url-prefix',
    '/v1',
    '--log-level',
    'warning',
  ];
}
