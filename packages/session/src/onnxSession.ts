import { AkidbError, isAkidbError } from '@akidb/core';
import { buildEncoderFeeds } from './encoderFeeds.js';
import { readEncoderOutput } from './encoderOutput.js';
import { describeError, inferenceFailed, sessionDisposed } from './errors.js';
import type { NativeSession, SessionHost } from './nativeSession.js';
import type { EncoderLayout } from './resolveEncoder.js';
import type {
  EncoderInput,
  EncoderOutput,
  OnnxSession,
  OptimizedModelCacheUse,
  OutputKind,
  ProviderAttempt,
  ResolvedSessionSettings,
  SessionFeeds,
  SessionResults,
  SessionThread,
  ValueMetadata,
} from './types.js';
import type { MayDetach } from './wireTensors.js';

/** What `createSession` learnt while loading. */
export interface SessionInit {
  readonly modelPath: string;
  readonly executionProvider: string;
  readonly attempts: readonly ProviderAttempt[];
  readonly loadMs: number;
  readonly settings: ResolvedSessionSettings;
  readonly optimizedModelCache: OptimizedModelCacheUse;
  readonly inputMetadata: readonly ValueMetadata[];
  readonly outputMetadata: readonly ValueMetadata[];
  readonly encoder: EncoderLayout;
  /** Worker mode: the caller's input arrays may be transferred to the worker rather than copied. */
  readonly transferInputs: boolean;
}

/**
 * {@link OnnxSession} over a native onnxruntime-node session, on the thread of its
 * {@link SessionHost}: the calling thread, or a worker of its own that `release()` ends.
 */
export class OrtOnnxSession implements OnnxSession {
  readonly modelPath: string;
  readonly executionProvider: string;
  readonly runIn: SessionThread;
  readonly attempts: readonly ProviderAttempt[];
  readonly loadMs: number;
  readonly settings: ResolvedSessionSettings;
  readonly optimizedModelCache: OptimizedModelCacheUse;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ValueMetadata[];
  readonly outputMetadata: readonly ValueMetadata[];
  readonly takesTokenTypeIds: boolean;
  readonly outputName: string;
  readonly outputKind: OutputKind;
  readonly hiddenSize: number;

  readonly #session: NativeSession;
  readonly #host: SessionHost;
  readonly #transferInputs: boolean;
  readonly #inFlight = new Set<Promise<unknown>>();
  #released: Promise<void> | undefined;

  constructor(session: NativeSession, host: SessionHost, init: SessionInit) {
    this.#session = session;
    this.#host = host;
    this.#transferInputs = init.transferInputs;
    this.modelPath = init.modelPath;
    this.executionProvider = init.executionProvider;
    this.runIn = host.runIn;
    this.attempts = init.attempts;
    this.loadMs = init.loadMs;
    this.settings = init.settings;
    this.optimizedModelCache = init.optimizedModelCache;
    this.inputNames = [...session.inputNames];
    this.outputNames = [...session.outputNames];
    this.inputMetadata = init.inputMetadata;
    this.outputMetadata = init.outputMetadata;
    this.takesTokenTypeIds = this.inputNames.includes('token_type_ids');
    this.outputName = init.encoder.output.name;
    this.outputKind = init.encoder.output.kind;
    this.hiddenSize = init.encoder.hiddenSize;
  }

  get disposed(): boolean {
    return this.#released !== undefined;
  }

  async runEncoder(input: EncoderInput): Promise<EncoderOutput> {
    if (this.disposed) {
      throw sessionDisposed();
    }
    const feeds = buildEncoderFeeds(input, this.inputMetadata);
    const output = { name: this.outputName, kind: this.outputKind };
    const mayDetach = this.#mayDetach([input.inputIds, input.attentionMask, input.tokenTypeIds]);
    const results = await this.#track(() => this.#session.run(feeds, [output.name], mayDetach));
    return readEncoderOutput(results, output, {
      batchSize: input.batchSize,
      seqLength: input.seqLength,
      hiddenSize: this.hiddenSize,
    });
  }

  run(feeds: SessionFeeds, fetches?: readonly string[]): Promise<SessionResults> {
    const mayDetach = this.#mayDetach(Object.values(feeds).map((tensor) => tensor.data));
    return this.#track(() => this.#session.run(feeds, fetches, mayDetach));
  }

  release(): Promise<void> {
    this.#released ??= this.#release();
    return this.#released;
  }

  async #release(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
    try {
      await this.#session.release();
    } catch (error) {
      throw new AkidbError('INTERNAL', `Releasing the ONNX session failed: ${describeError(error)}`, {
        cause: error,
      });
    } finally {
      await this.#host.close();
    }
  }

  /**
   * Arrays the session built itself (converted ids, zero token types) can always be transferred to
   * the worker; the caller's own arrays (`callerData`) only with `transferInputs`.
   */
  #mayDetach(callerData: readonly unknown[]): MayDetach {
    if (this.#transferInputs) return () => true;
    const callerBuffers = new Set(callerData.filter(ArrayBuffer.isView).map((view) => view.buffer));
    return (data) => !callerBuffers.has(data.buffer);
  }

  /** Runs `work` as an in-flight run that {@link release} waits for; wraps ORT errors. */
  async #track<T>(work: () => Promise<T>): Promise<T> {
    if (this.disposed) {
      throw sessionDisposed();
    }
    const pending = work();
    this.#inFlight.add(pending);
    try {
      return await pending;
    } catch (error) {
      if (isAkidbError(error)) {
        throw error;
      }
      throw inferenceFailed(`ONNX Runtime failed to run the model: ${describeError(error)}`, error);
    } finally {
      this.#inFlight.delete(pending);
    }
  }
}
