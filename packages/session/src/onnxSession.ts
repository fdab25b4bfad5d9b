import { AkidbError, isAkidbError } from '@akidb/core';
import type { InferenceSession } from 'onnxruntime-node';
import { buildEncoderFeeds } from './encoderFeeds.js';
import { readEncoderOutput } from './encoderOutput.js';
import { describeError, inferenceFailed, sessionDisposed } from './errors.js';
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
  ValueMetadata,
} from './types.js';

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
}

/** onnxruntime-node's metadata as plain {@link ValueMetadata}. */
export function toMetadata(values: readonly InferenceSession.ValueMetadata[]): ValueMetadata[] {
  return values.map((m) =>
    m.isTensor
      ? { name: m.name, isTensor: true, type: m.type, shape: [...m.shape] }
      : { name: m.name, isTensor: false, shape: [] },
  );
}

/** {@link OnnxSession} over an onnxruntime-node InferenceSession. */
export class OrtOnnxSession implements OnnxSession {
  readonly modelPath: string;
  readonly executionProvider: string;
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

  readonly #session: InferenceSession;
  readonly #inFlight = new Set<Promise<unknown>>();
  #released: Promise<void> | undefined;

  constructor(session: InferenceSession, init: SessionInit) {
    this.#session = session;
    this.modelPath = init.modelPath;
    this.executionProvider = init.executionProvider;
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
    const results = await this.#track(() => this.#session.run(feeds, [output.name]));
    return readEncoderOutput(results, output, {
      batchSize: input.batchSize,
      seqLength: input.seqLength,
      hiddenSize: this.hiddenSize,
    });
  }

  run(feeds: SessionFeeds, fetches?: readonly string[]): Promise<SessionResults> {
    return this.#track(() =>
      fetches === undefined ? this.#session.run(feeds) : this.#session.run(feeds, fetches),
    );
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
    }
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
