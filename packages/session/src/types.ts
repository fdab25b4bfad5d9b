import type { InferenceSession, Tensor } from 'onnxruntime-node';

/** Execution providers known by name; any other string is passed to onnxruntime-node as is. */
export type KnownExecutionProvider = 'cpu' | 'cuda' | 'tensorrt' | 'coreml' | 'dml' | 'webgpu';

/** CUDA provider settings. */
export interface CudaProviderSpec {
  readonly name: 'cuda';
  /** GPU ordinal (default 0). */
  readonly deviceId?: number;
}

/**
 * TensorRT provider settings, mapped to ONNX Runtime's `trt_*` provider option names.
 * onnxruntime-node 1.30 forwards only `deviceId` to the TensorRT provider; see the README.
 */
export interface TensorRtProviderSpec {
  readonly name: 'tensorrt';
  /** GPU ordinal (default 0). */
  readonly deviceId?: number;
  /** Allow FP16 kernels (`trt_fp16_enable`). */
  readonly fp16?: boolean;
  /** Allow INT8 kernels (`trt_int8_enable`); needs a Q/DQ model or a calibration table. */
  readonly int8?: boolean;
  /** FP8: the TensorRT provider has no builder flag; FP8 comes from FP8 Q/DQ nodes in the model. */
  readonly fp8?: boolean;
  /** Cache built engines on disk (`trt_engine_cache_enable`); implied by `engineCachePath`. */
  readonly engineCacheEnable?: boolean;
  /** Engine cache directory (`trt_engine_cache_path`). */
  readonly engineCachePath?: string;
  /** Builder workspace limit in bytes (`trt_max_workspace_size`). */
  readonly maxWorkspaceSize?: number;
}

/** CoreML provider settings (macOS only). */
export interface CoreMlProviderSpec {
  readonly name: 'coreml';
  /** `COREML_FLAG_*` bit flags. */
  readonly coreMlFlags?: number;
}

/** A buffer cache mode of the WebGPU provider (ONNX Runtime's default: `'bucket'` for storage buffers). */
export type WebGpuBufferCacheMode = 'disabled' | 'lazyRelease' | 'simple' | 'bucket';

/**
 * WebGPU provider settings: the options onnxruntime-node 1.30's binding reads for `webgpu` (it
 * rejects any other key, `deviceId` included). Dawn picks the adapter itself.
 */
export interface WebGpuProviderSpec {
  readonly name: 'webgpu';
  /** Layout of layout-sensitive operators (default `'NCHW'`). */
  readonly preferredLayout?: 'NCHW' | 'NHWC';
  /** WebGPU validation (default `'basic'`); `'disabled'` can crash the process on a WebGPU error. */
  readonly validationMode?: 'disabled' | 'wgpuOnly' | 'basic' | 'full';
  /** Storage buffer reuse (default `'bucket'`); `'simple'` reuses exact sizes only. */
  readonly storageBufferCacheMode?: WebGpuBufferCacheMode;
  readonly uniformBufferCacheMode?: WebGpuBufferCacheMode;
  readonly queryResolveBufferCacheMode?: WebGpuBufferCacheMode;
  readonly defaultBufferCacheMode?: WebGpuBufferCacheMode;
  /** Nodes (by name) to run on the CPU even though the WebGPU provider has a kernel for them. */
  readonly forceCpuNodeNames?: readonly string[];
  /** Robust buffer access for the Dawn device ORT creates (first device wins). */
  readonly enableRobustness?: boolean;
}

/** Any other provider (e.g. `dml`), optionally on a given device. */
export interface OtherProviderSpec {
  readonly name: string;
  readonly deviceId?: number;
}

/** One entry of the execution-provider preference list: a name or a name with provider options. */
export type ExecutionProviderSpec =
  | KnownExecutionProvider
  | (string & {})
  | CudaProviderSpec
  | TensorRtProviderSpec
  | CoreMlProviderSpec
  | WebGpuProviderSpec
  | OtherProviderSpec;

/** Graph optimisation level passed to ONNX Runtime. */
export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

/** Receives fallback warnings and load information. */
export interface SessionLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
}

/** Options of `createSession`. */
export interface SessionOptions {
  /** Preference list, tried in order (default `['cpu']`); `cpu` is appended unless `strict`. */
  readonly executionProviders?: readonly ExecutionProviderSpec[];
  /** Only the listed providers: no CPU fallback; throw EXECUTION_PROVIDER_UNAVAILABLE if none works. */
  readonly strict?: boolean;
  /** Where fallback warnings go (default {@link silentLogger}). */
  readonly logger?: SessionLogger;
  /** Threads inside one operator (default `os.availableParallelism()`). */
  readonly intraOpNumThreads?: number;
  /** Threads across operators (default 1). */
  readonly interOpNumThreads?: number;
  /** Default `'all'`. */
  readonly graphOptimizationLevel?: GraphOptimizationLevel;
  /** Optimised-model cache file: loaded when present and newer than the model, else written by ORT. */
  readonly optimizedModelFilePath?: string;
  /** Default `'sequential'`. */
  readonly executionMode?: 'sequential' | 'parallel';
  readonly enableCpuMemArena?: boolean;
  readonly enableMemPattern?: boolean;
  /**
   * Whether ORT's intra-op threads busy-wait for work after finishing theirs (ORT's default is to spin).
   * Sent as the session config entry `session.intra_op.allow_spinning`; ORT's default when unset.
   */
  readonly allowSpinning?: boolean;
  /** ONNX Runtime's own log level for this session (0 verbose … 4 fatal); ORT's default when unset. */
  readonly logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  /**
   * Where the native session lives (default `'worker'`): in a `worker_threads` Worker of its own, so
   * that inference never blocks the event loop, or `'main'`: on the calling thread, where
   * onnxruntime-node runs each inference synchronously and blocks the event loop until it is done.
   */
  readonly runIn?: SessionThread;
  /**
   * Worker mode only (default `false`): hand the caller's typed input arrays to the worker instead of
   * copying them. Those arrays are detached (`length` 0) as soon as `runEncoder`/`run` is called, so
   * set this only when nothing reads them afterwards. Views into a larger buffer are always copied.
   */
  readonly transferInputs?: boolean;
}

/** The thread a session runs on: its own worker thread, or the thread that created it. */
export type SessionThread = 'worker' | 'main';

/** The session settings in effect after defaults were applied. */
export interface ResolvedSessionSettings {
  readonly intraOpNumThreads: number;
  readonly interOpNumThreads: number;
  readonly graphOptimizationLevel: GraphOptimizationLevel;
  readonly executionMode: 'sequential' | 'parallel';
}

/** What happened to one provider of the preference list. */
export interface ProviderAttempt {
  readonly provider: string;
  readonly outcome: 'selected' | 'failed' | 'skipped';
  /** Why it was skipped or failed (file paths reduced to file names). */
  readonly reason?: string;
  readonly ms: number;
}

/** Whether the optimised-model cache was used by this session. */
export type OptimizedModelCacheUse = 'none' | 'written' | 'reused';

/** Name, element type and shape of one model input or output. */
export interface ValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  /** Element type, e.g. `'int64'` or `'float32'`; absent for non-tensors. */
  readonly type?: string;
  /** Numbers are static dimensions, strings symbolic ones; empty when unknown. */
  readonly shape: readonly (number | string)[];
}

/** Token ids, masks or type ids, row-major `[batchSize, seqLength]`. */
export type IdArray = BigInt64Array | ArrayLike<number>;

/** Input of {@link OnnxSession.runEncoder}. */
export interface EncoderInput {
  readonly inputIds: IdArray;
  readonly attentionMask: IdArray;
  /** Zeros are fed when the model declares `token_type_ids` and none are given. */
  readonly tokenTypeIds?: IdArray;
  readonly batchSize: number;
  readonly seqLength: number;
}

/** `token`: one vector per token `[batch, seq, hidden]`; `pooled`: one per row `[batch, hidden]`. */
export type OutputKind = 'token' | 'pooled';

/** Output of {@link OnnxSession.runEncoder}. */
export interface EncoderOutput {
  readonly data: Float32Array;
  readonly dims: readonly number[];
  readonly outputName: string;
  readonly outputKind: OutputKind;
}

/** Feeds of {@link OnnxSession.run}, by input name. */
export type SessionFeeds = Readonly<Record<string, Tensor>>;

/** Results of {@link OnnxSession.run}, by output name. */
export type SessionResults = InferenceSession.ReturnType;

/** A text-encoder ONNX model loaded on one execution provider. */
export interface OnnxSession {
  /** The model file asked for (the optimised cache may have been loaded instead). */
  readonly modelPath: string;
  /** The provider the session runs on, e.g. `'cpu'`. */
  readonly executionProvider: string;
  /** Whether inference runs in the session's worker thread or on the thread that created it. */
  readonly runIn: SessionThread;
  /** Every provider considered, in order, with reasons for the ones not used. */
  readonly attempts: readonly ProviderAttempt[];
  /** Wall time of `createSession`, fallbacks and the hidden-size probe included. */
  readonly loadMs: number;
  readonly settings: ResolvedSessionSettings;
  readonly optimizedModelCache: OptimizedModelCacheUse;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ValueMetadata[];
  readonly outputMetadata: readonly ValueMetadata[];
  /** Whether the model declares a `token_type_ids` input. */
  readonly takesTokenTypeIds: boolean;
  /** The output {@link OnnxSession.runEncoder} reads. */
  readonly outputName: string;
  readonly outputKind: OutputKind;
  /** Embedding width: the output's static last dimension, else measured by a one-token probe at load. */
  readonly hiddenSize: number;
  /** True once {@link OnnxSession.release} was called. */
  readonly disposed: boolean;
  /** Runs the model as a text encoder and returns its token (or pooled) embeddings. */
  runEncoder(input: EncoderInput): Promise<EncoderOutput>;
  /** Runs the model on raw feeds; `fetches` limits the outputs computed. */
  run(feeds: SessionFeeds, fetches?: readonly string[]): Promise<SessionResults>;
  /** Waits for in-flight runs, then frees the native session (and ends its worker). Idempotent. */
  release(): Promise<void>;
}
