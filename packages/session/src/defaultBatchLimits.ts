/** How much one inference call may carry: rows, and rows × padded length. */
export interface BatchLimits {
  /** Most rows (texts) in one call. */
  readonly maxBatchSize: number;
  /** Most tokens in one call, padding included: rows × the longest row's length. */
  readonly maxBatchTokens: number;
  /**
   * The fixed cost of one call, in padded tokens' worth of work: a batch of n rows padded to L costs
   * about `batchOverheadTokens + n × L`. The batcher cuts waiting rows by length when the padding
   * saved outweighs the extra calls.
   */
  readonly batchOverheadTokens: number;
}

const CPU_LIMITS: BatchLimits = { maxBatchSize: 32, maxBatchTokens: 16_384, batchOverheadTokens: 32 };
const GPU_LIMITS: BatchLimits = { maxBatchSize: 256, maxBatchTokens: 65_536, batchOverheadTokens: 4_096 };
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
 * The per-call overhead was measured on CPU: with all-MiniLM-L6-v2 on 2 threads, bare ONNX Runtime
 * takes about 4.8 ms + 0.155 ms per padded token, so a call costs about 32 tokens' worth besides its
 * tokens (the 0.6B Qwen3 shape comes out alike, its call reading every weight once). GPU providers
 * are not measured here; a GPU call's fixed cost (launches, copies, synchronisation) is worth thousands
 * of tokens, so 4,096 keeps GPU batches whole unless padding wastes more than that.
 *
 * @example
 * const { maxBatchSize, maxBatchTokens } = defaultBatchLimits(session.executionProvider);
 * // 'cpu' → 32 / 16384; 'webgpu', 'cuda', 'tensorrt' → 256 / 65536
 */
export function defaultBatchLimits(executionProvider: string): BatchLimits {
  return GPU_PROVIDERS.has(executionProvider.trim().toLowerCase()) ? GPU_LIMITS : CPU_LIMITS;
}
