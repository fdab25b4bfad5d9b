import type { ServerConfig } from './serverConfig.js';

/** How a setting's text is read. */
export type SettingKind = 'int' | 'string' | 'list' | 'bool';

/** One setting: its config key, command-line flag, environment variables (first set wins) and help. */
export interface SettingSpec {
  key: keyof ServerConfig;
  flag: string;
  env: readonly string[];
  kind: SettingKind;
  help: string;
}

/** Every setting the server reads from flags and the environment. Flags win over the environment. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'port',
    flag: 'port',
    env: ['PORT'],
    kind: 'int',
    help: 'TCP port (default 8080; 0 = any free port)',
  },
  {
    key: 'grpcPort',
    flag: 'grpc-port',
    env: ['AKIDB_GRPC_PORT'],
    kind: 'int',
    help: "gRPC port for TEI's tei.v1 API (default off; 0 = any free port)",
  },
  { key: 'host', flag: 'host', env: ['HOST'], kind: 'string', help: 'Interface to bind (default 127.0.0.1)' },
  {
    key: 'home',
    flag: 'home',
    env: ['AKIDB_HOME'],
    kind: 'string',
    help: 'Model home (default ~/.cache/akidb)',
  },
  {
    key: 'manifestsDirs',
    flag: 'manifests-dir',
    env: ['AKIDB_MANIFESTS_DIRS'],
    kind: 'list',
    help: 'Extra manifest directories, comma separated',
  },
  {
    key: 'defaultModel',
    flag: 'default-model',
    env: ['AKIDB_DEFAULT_MODEL'],
    kind: 'string',
    help: 'Model used when a request names none (default all-minilm-l6-v2)',
  },
  {
    key: 'preload',
    flag: 'preload',
    env: ['AKIDB_PRELOAD'],
    kind: 'list',
    help: 'Models to load at start besides the default, comma separated',
  },
  {
    key: 'memoryBudgetMB',
    flag: 'memory-budget-mb',
    env: ['AKIDB_MEMORY_BUDGET_MB'],
    kind: 'int',
    help: 'Memory budget for loaded models, MB',
  },
  {
    key: 'maxModels',
    flag: 'max-models',
    env: ['AKIDB_MAX_MODELS'],
    kind: 'int',
    help: 'Most models loaded at once',
  },
  {
    key: 'threads',
    flag: 'threads',
    env: ['AKIDB_THREADS'],
    kind: 'int',
    help: 'ONNX Runtime intra-op threads per replica (default: planned from the core count and model size)',
  },
  {
    key: 'replicas',
    flag: 'replicas',
    env: ['AKIDB_REPLICAS'],
    kind: 'int',
    help: 'Session replicas per model, each a worker thread (default: planned from the core count and model size)',
  },
  {
    key: 'cores',
    flag: 'cores',
    env: ['AKIDB_CORES'],
    kind: 'int',
    help: 'CPU cores to plan replicas x threads for (default: all the process sees; set to a container quota)',
  },
  {
    key: 'executionProviders',
    flag: 'execution-providers',
    env: ['AKIDB_EXECUTION_PROVIDERS'],
    kind: 'list',
    help: 'ONNX Runtime execution providers in order of preference, e.g. cuda,cpu (default cpu)',
  },
  {
    key: 'allowSpinning',
    flag: 'spinning',
    env: ['AKIDB_SPINNING'],
    kind: 'bool',
    help: "ONNX Runtime's intra-op threads spin-wait for work on|off (default off: the cores go to HTTP and tokenizing)",
  },
  {
    key: 'batching',
    flag: 'batching',
    env: ['AKIDB_BATCHING'],
    kind: 'bool',
    help: 'Dynamic batching on|off (default on)',
  },
  {
    key: 'maxBatchSize',
    flag: 'max-batch-size',
    env: ['AKIDB_MAX_BATCH_SIZE'],
    kind: 'int',
    help: 'Most texts per inference call (default 32 on CPU, 256 on a GPU provider)',
  },
  {
    key: 'maxBatchTokens',
    flag: 'max-batch-tokens',
    env: ['AKIDB_MAX_BATCH_TOKENS'],
    kind: 'int',
    help: 'Most padded tokens (longest x rows) per inference call (default 16384 on CPU, 65536 on a GPU provider)',
  },
  {
    key: 'batchOverheadTokens',
    flag: 'batch-overhead-tokens',
    env: ['AKIDB_BATCH_OVERHEAD_TOKENS'],
    kind: 'int',
    help: "One inference call's fixed cost in padded tokens; waiting texts are cut by length into batches when the padding saved is worth more (default 32 on CPU, 4096 on a GPU provider)",
  },
  {
    key: 'maxQueueTexts',
    flag: 'max-queue',
    env: ['AKIDB_MAX_QUEUE'],
    kind: 'int',
    help: 'Most texts waiting per model before 429 (default 8192)',
  },
  {
    key: 'maxBodyBytes',
    flag: 'max-body-bytes',
    env: ['AKIDB_MAX_BODY_BYTES'],
    kind: 'int',
    help: 'Largest request body in bytes (default 16 MiB)',
  },
  {
    key: 'maxInputs',
    flag: 'max-inputs',
    env: ['AKIDB_MAX_INPUTS'],
    kind: 'int',
    help: 'Most inputs per request (default 2048)',
  },
  {
    key: 'maxInputChars',
    flag: 'max-input-chars',
    env: ['AKIDB_MAX_INPUT_CHARS'],
    kind: 'int',
    help: 'Most characters per input (default 65536)',
  },
  {
    key: 'requestTimeoutMs',
    flag: 'request-timeout-ms',
    env: ['AKIDB_REQUEST_TIMEOUT_MS'],
    kind: 'int',
    help: 'Per-request deadline in ms (default 30000)',
  },
  {
    key: 'shutdownTimeoutMs',
    flag: 'shutdown-timeout-ms',
    env: ['AKIDB_SHUTDOWN_TIMEOUT_MS'],
    kind: 'int',
    help: 'How long shutdown waits for in-flight requests, ms (default 30000)',
  },
  {
    key: 'apiKey',
    flag: 'api-key',
    env: ['AKIDB_API_KEY'],
    kind: 'string',
    help: 'Require Authorization: Bearer <key>',
  },
  {
    key: 'corsOrigins',
    flag: 'cors-origins',
    env: ['AKIDB_CORS_ORIGINS'],
    kind: 'list',
    help: 'Allowed CORS origins, comma separated, or * (default: CORS off)',
  },
  {
    key: 'embeddingCache',
    flag: 'embedding-cache',
    env: ['AKIDB_EMBEDDING_CACHE'],
    kind: 'bool',
    help: 'Cache computed embeddings on|off (default off)',
  },
  {
    key: 'embeddingCacheMB',
    flag: 'embedding-cache-mb',
    env: ['AKIDB_EMBEDDING_CACHE_MB'],
    kind: 'int',
    help: 'Memory budget of the embedding cache, MB (default 256)',
  },
  {
    key: 'embeddingCacheDir',
    flag: 'embedding-cache-dir',
    env: ['AKIDB_EMBEDDING_CACHE_DIR'],
    kind: 'string',
    help: 'Keep cached embeddings on disk (LMDB) in this directory (default: memory only)',
  },
  {
    key: 'embeddingCacheDiskMB',
    flag: 'embedding-cache-disk-mb',
    env: ['AKIDB_EMBEDDING_CACHE_DISK_MB'],
    kind: 'int',
    help: 'Most MB the on-disk embedding cache grows to (default unlimited)',
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: ['AKIDB_LOG_LEVEL', 'LOG_LEVEL'],
    kind: 'string',
    help: 'pino log level (default info)',
  },
];
