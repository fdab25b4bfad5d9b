import { z } from 'zod';

/** Everything the server can be configured with. See the README for flags and environment variables. */
export interface ServerConfig {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Port of the gRPC server (TEI's tei.v1 API); off when undefined, 0 picks a free one. */
  grpcPort: number | undefined;
  host: string;
  /** Model home (`AKIDB_HOME`); the service's default when undefined. */
  home: string | undefined;
  /** Extra directories of model manifests. */
  manifestsDirs: string[];
  /** Model used when a request names none; the service's default when undefined. */
  defaultModel: string | undefined;
  /** Models loaded at start, besides the default model (which always is). */
  preload: string[];
  memoryBudgetMB: number | undefined;
  maxModels: number | undefined;
  /** ONNX Runtime intra-op threads per replica; planned from cores and model size when undefined. */
  threads: number | undefined;
  /** Session replicas per model; planned from cores and model size when undefined. */
  replicas: number | undefined;
  /** CPU cores to plan replicas x threads for; `os.availableParallelism()` when undefined. */
  cores: number | undefined;
  /** ONNX Runtime execution providers in order of preference (`cpu` is the last resort). */
  executionProviders: string[];
  /** ONNX Runtime's intra-op threads spin-wait for work (default off: the main thread needs the cores). */
  allowSpinning: boolean;
  /** Dynamic batching on (default) or off (each request calls the service directly). */
  batching: boolean;
  /** Most rows (texts) in one inference call; per execution provider when undefined (CPU 32, GPU 256). */
  maxBatchSize: number | undefined;
  /** Most padded tokens (longest × rows) in one inference call; per provider when undefined (16384 / 65536). */
  maxBatchTokens: number | undefined;
  /** One inference call's fixed cost in padded tokens; per provider when undefined (CPU 32, GPU 4096). */
  batchOverheadTokens: number | undefined;
  /** Most texts waiting per model before requests get 429. */
  maxQueueTexts: number;
  /** Largest request body, in bytes (413 beyond it). */
  maxBodyBytes: number;
  /** Most inputs in one request. */
  maxInputs: number;
  /** Most characters in one input text. */
  maxInputChars: number;
  /** Per-request deadline (504 `TIMEOUT` beyond it). */
  requestTimeoutMs: number;
  /** How long shutdown waits for in-flight requests before cutting connections. */
  shutdownTimeoutMs: number;
  /** When set, every route but `/health` needs `Authorization: Bearer <apiKey>`. */
  apiKey: string | undefined;
  /** Allowed CORS origins (`*` for any); empty = CORS off. */
  corsOrigins: string[];
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** Cache computed embeddings (keyed by model files, options and text); off by default. */
  embeddingCache: boolean;
  /** Memory budget of the embedding cache, MB. */
  embeddingCacheMB: number;
  /** Directory of the embedding cache's LMDB store on disk; memory only when undefined. */
  embeddingCacheDir: string | undefined;
  /** Most bytes the store on disk grows to, MB; unlimited when undefined. */
  embeddingCacheDiskMB: number | undefined;
}

/** A partial config; {@link resolveConfig} fills in the defaults. */
export type ServerConfigInput = Partial<ServerConfig>;

/** The defaults, as documented in the README. */
export const DEFAULT_CONFIG: Readonly<ServerConfig> = {
  port: 8080,
  grpcPort: undefined,
  host: '127.0.0.1',
  home: undefined,
  manifestsDirs: [],
  defaultModel: undefined,
  preload: [],
  memoryBudgetMB: undefined,
  maxModels: undefined,
  threads: undefined,
  replicas: undefined,
  cores: undefined,
  executionProviders: ['cpu'],
  allowSpinning: false,
  batching: true,
  maxBatchSize: undefined,
  maxBatchTokens: undefined,
  batchOverheadTokens: undefined,
  maxQueueTexts: 8_192,
  maxBodyBytes: 16 * 1024 * 1024,
  maxInputs: 2048,
  maxInputChars: 65_536,
  requestTimeoutMs: 30_000,
  shutdownTimeoutMs: 30_000,
  apiKey: undefined,
  corsOrigins: [],
  logLevel: 'info',
  embeddingCache: false,
  embeddingCacheMB: 256,
  embeddingCacheDir: undefined,
  embeddingCacheDiskMB: undefined,
};

const positiveInt = z.number().int().positive();
const optionalPositiveInt = positiveInt.optional();
const configSchema = z.object({
  port: z.number().int().min(0).max(65_535),
  grpcPort: z.number().int().min(0).max(65_535).optional(),
  host: z.string().min(1),
  home: z.string().min(1).optional(),
  manifestsDirs: z.array(z.string().min(1)),
  defaultModel: z.string().min(1).optional(),
  preload: z.array(z.string().min(1)),
  memoryBudgetMB: optionalPositiveInt,
  maxModels: optionalPositiveInt,
  threads: optionalPositiveInt,
  replicas: optionalPositiveInt,
  cores: optionalPositiveInt,
  executionProviders: z.array(z.string().min(1)).min(1),
  allowSpinning: z.boolean(),
  batching: z.boolean(),
  maxBatchSize: optionalPositiveInt,
  maxBatchTokens: optionalPositiveInt,
  batchOverheadTokens: z.number().int().min(0).optional(),
  maxQueueTexts: positiveInt,
  maxBodyBytes: positiveInt,
  maxInputs: positiveInt,
  maxInputChars: positiveInt,
  requestTimeoutMs: positiveInt,
  shutdownTimeoutMs: z.number().int().min(0),
  apiKey: z.string().min(1).optional(),
  corsOrigins: z.array(z.string().min(1)),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  embeddingCache: z.boolean(),
  embeddingCacheMB: z.number().int().min(0),
  embeddingCacheDir: z.string().min(1).optional(),
  embeddingCacheDiskMB: optionalPositiveInt,
});

/**
 * Fills in defaults and validates. Throws an Error naming every bad setting.
 *
 * @example
 * const config = resolveConfig({ port: 0, logLevel: 'silent' });
 */
export function resolveConfig(input: ServerConfigInput = {}): ServerConfig {
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) merged[key] = value;
  }
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid server configuration: ${problems.join('; ')}`);
  }
  return { ...DEFAULT_CONFIG, ...parsed.data } as ServerConfig;
}

/** The config as safe to print: the API key is redacted. */
export function redactConfig(config: ServerConfig): Record<string, unknown> {
  return { ...config, apiKey: config.apiKey === undefined ? undefined : '[redacted]' };
}
