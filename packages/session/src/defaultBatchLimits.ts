/** How much one inference call may carry: rows, and rows × padded length. */
export interface BatchLimits {
  /** Most rows (texts) in one call. */
  readonly maxBatchSize: number;
  /** Most tokens in one call, padding included: rows × the longest row's length. */
  readonly maxBatchTokens: number;
}

const CPU_LIMITS: BatchLimits = { maxBatchSize: 32, maxBatchTokens: 16_384 };
const GPU_LIMITS: BatchLimits = { maxBatchSize: 256, maxBatchTokens: 65_536 };
const GPU_PROVIDERS: ReadonlySet<string> = new Set(['cuda', 'tensorrt', 'webgpu', 'dml', 'coreml']);

/**
 * Default batch limits for a session on `executionProvider` (as in `OnnxSession.executionProvider`).
 *
 * A CPU gains little past 32 rows (each core is already busy) and pays for padding, so it stays at
 * 32 rows and 16,384 tokens (32 × 512). A GPU is fed by the batch: per-call overhead (launches,
 * copies, synchronisation) is spread over the rows, so GPU providers get 256 rows and 65,536 tokens
 * (256 × 256, MiniLM's longest input). The token budget bounds memory and tail latency when rows are
 * long: at 512 tokens a GPU batch holds 128 rows. Unknown providers get the CPU limits.
 *
 * @example
 * const { maxBatchSize, maxBatchTokens } = defaultBatchLimits(session.executionProvider);
 * // 'cpu' → 32 / 16384; 'webgpu', 'cuda', 'tensorrt' → 256 / 65536
 */
export function defaultBatchLimits(executionProvider: string): BatchLimits {
  return GPU_PROVIDERS.has(executionProvider.trim().toLowerCase()) ? GPU_LIMITS : CPU_LIMITS;
}
