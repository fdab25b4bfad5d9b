import { z } from 'zod';

/** Everything the server can be configured with. See the README for flags and environment variables. */
export interface ServerConfig {
  /** TCP port; 0 picks a free one. */
  port: number;
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
  /** Dynamic batching on (default) or off (each request calls the service directly). */
  batching: boolean;
  /** Most rows (texts) in one inference call; per execution provider when undefined (CPU 32, GPU 256). */
  maxBatchSize: number | undefined;
  /** Most padded tokens (longest × rows) in one inference call; per provider when undefined (16384 / 65536). */
  maxBatchTokens: number | undefined;
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
}

/** A partial config; {@link resolveConfig} fills in the defaults. */
export type ServerConfigInput = Partial<ServerConfig>;

/** The defaults, as documented in the README. */
export const DEFAULT_CONFIG: Readonly<ServerConfig> = {
  port: 8080,
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
  batching: true,
  maxBatchSize: undefined,
  maxBatchTokens: undefined,
  maxQueueTexts: 8_192,
  maxBodyBytes: 16 * 1024 * 1024,
  maxInputs: 2048,
  maxInputChars: 65_536,
  requestTimeoutMs: 30_000,
  shutdownTimeoutMs: 30_000,
  apiKey: undefined,
  corsOrigins: [],
  logLevel: 'info',
};

const positiveInt = z.number().int().positive();
const optionalPositiveInt = positiveInt.optional();
const configSchema = z.object({
  port: z.number().int().min(0).max(65_535),
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
  batching: z.boolean(),
  maxBatchSize: optionalPositiveInt,
  maxBatchTokens: optionalPositiveInt,
  maxQueueTexts: positiveInt,
  maxBodyBytes: positiveInt,
  maxInputs: positiveInt,
  maxInputChars: positiveInt,
  requestTimeoutMs: positiveInt,
  shutdownTimeoutMs: z.number().int().min(0),
  apiKey: z.string().min(1).optional(),
  corsOrigins: z.array(z.string().min(1)),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
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
