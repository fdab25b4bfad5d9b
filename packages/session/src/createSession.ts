import { basename } from 'node:path';
import { isAkidbError } from '@akidb/core';
import { describeError, executionProviderUnavailable, invalidInput, modelLoadFailed } from './errors.js';
import type { NormalizedProvider } from './executionProviders.js';
import {
  availableProviderNames,
  listExecutionProviders,
  normalizePreference,
  unavailableReason,
} from './executionProviders.js';
import { isModelFileError, loadFailureReason } from './loadFailure.js';
import { checkModelFile, loadSession } from './loadSession.js';
import { silentLogger } from './logger.js';
import type { SessionHost } from './nativeSession.js';
import { mainThreadHost } from './nativeSession.js';
import { OrtOnnxSession } from './onnxSession.js';
import { providerConfigWarnings, toOrtProviderConfig } from './providerConfig.js';
import type { EncoderLayout } from './resolveEncoder.js';
import { NotAnEncoderError, resolveEncoder } from './resolveEncoder.js';
import { resolveSettings, toOrtSessionOptions } from './sessionOptions.js';
import type {
  OnnxSession,
  ProviderAttempt,
  ResolvedSessionSettings,
  SessionOptions,
  SessionThread,
} from './types.js';
import { WorkerSessionHost } from './workerSessionHost.js';

const elapsed = (since: number): number => Math.round((performance.now() - since) * 100) / 100;

const THREADS: readonly SessionThread[] = ['worker', 'main'];

/**
 * Loads an ONNX model with onnxruntime-node, trying the execution providers in order of
 * preference. A provider that is not in this build or not for this OS is skipped; one that fails
 * to create the session (missing CUDA libraries, no GPU…) is logged as a warning and the next one
 * is tried. `cpu` is the implicit last resort unless `strict`, in which case
 * EXECUTION_PROVIDER_UNAVAILABLE is thrown when no listed provider works. A file that is missing
 * or not an ONNX model throws MODEL_LOAD_FAILED.
 *
 * By default (`runIn: 'worker'`) the native session lives in a worker thread of its own, so runs
 * leave the event loop free; `runIn: 'main'` keeps it on the calling thread, which each run blocks.
 *
 * @example
 * const session = await createSession(join(modelDirectory('all-minilm-l6-v2'), 'model.onnx'), {
 *   executionProviders: [{ name: 'cuda', deviceId: 0 }, 'cpu'],
 *   logger: consoleLogger,
 * });
 * session.executionProvider; // 'cuda', or 'cpu' after a fallback
 */
export async function createSession(modelPath: string, options: SessionOptions = {}): Promise<OnnxSession> {
  const runIn = options.runIn ?? 'worker';
  if (!THREADS.includes(runIn)) {
    throw invalidInput(`runIn must be "worker" or "main", got "${String(runIn)}".`);
  }
  return openSession(modelPath, options, () =>
    runIn === 'main' ? mainThreadHost : new WorkerSessionHost(modelPath),
  );
}

/**
 * {@link createSession} on the host `makeHost` returns, called once the options and the model file
 * have been checked. Internal: the session pool keeps its workers' hosts to watch and end them.
 */
export async function openSession(
  modelPath: string,
  options: SessionOptions,
  makeHost: () => SessionHost,
): Promise<OnnxSession> {
  const started = performance.now();
  const strict = options.strict === true;
  const preference = normalizePreference(options.executionProviders ?? ['cpu'], strict);
  const settings = resolveSettings(options);
  const modelMtimeMs = await checkModelFile(modelPath);
  const host = makeHost();
  try {
    return await loadWithFallback(host, modelPath, options, { started, preference, settings, modelMtimeMs });
  } catch (error) {
    await host.close();
    throw error;
  }
}

/** What {@link createSession} settled before creating any native session. */
interface LoadPlan {
  readonly started: number;
  readonly preference: readonly NormalizedProvider[];
  readonly settings: ResolvedSessionSettings;
  readonly modelMtimeMs: number;
}

/** The provider loop: the first provider that loads on `host` wins. */
async function loadWithFallback(
  host: SessionHost,
  modelPath: string,
  options: SessionOptions,
  { started, preference, settings, modelMtimeMs }: LoadPlan,
): Promise<OnnxSession> {
  const logger = options.logger ?? silentLogger;
  const sessionOptions = toOrtSessionOptions(settings, options);
  const providers = listExecutionProviders();
  const attempts: ProviderAttempt[] = [];
  for (const { name, spec } of preference) {
    const attemptStarted = performance.now();
    const skipped = unavailableReason(name, providers);
    if (skipped !== undefined) {
      attempts.push({ provider: name, outcome: 'skipped', reason: skipped, ms: elapsed(attemptStarted) });
      logger.warn(`Execution provider "${name}" skipped: ${skipped}`, { provider: name });
      continue;
    }
    const provider = toOrtProviderConfig(name, spec);
    for (const warning of providerConfigWarnings(name, spec)) {
      logger.warn(warning, { provider: name });
    }
    try {
      const loaded = await loadSession({
        host,
        modelPath,
        modelMtimeMs,
        sessionOptions,
        provider,
        optimizedModelFilePath: options.optimizedModelFilePath,
        logger,
      });
      attempts.push({ provider: name, outcome: 'selected', ms: elapsed(attemptStarted) });
      const { inputMetadata, outputMetadata } = loaded.session;
      let encoder: EncoderLayout;
      try {
        encoder = await resolveEncoder(loaded.session, inputMetadata, outputMetadata);
      } catch (error) {
        await loaded.session.release();
        const reason = error instanceof NotAnEncoderError ? error.message : describeError(error);
        throw modelLoadFailed(modelPath, `the model is not a text encoder: ${reason}`, error);
      }
      const loadMs = elapsed(started);
      logger.info(`Loaded "${basename(modelPath)}" on ${name} (${host.runIn} thread) in ${loadMs} ms`, {
        provider: name,
        loadMs,
        optimizedModelCache: loaded.cache,
        runIn: host.runIn,
      });
      return new OrtOnnxSession(loaded.session, host, {
        modelPath,
        executionProvider: name,
        attempts,
        loadMs,
        settings,
        optimizedModelCache: loaded.cache,
        inputMetadata,
        outputMetadata,
        encoder,
        transferInputs: options.transferInputs === true,
      });
    } catch (error) {
      if (isAkidbError(error)) {
        throw error;
      }
      // CPU is always there, so a CPU failure is the model's fault; so is a file ORT cannot parse.
      if (name === 'cpu' || isModelFileError(error)) {
        throw modelLoadFailed(modelPath, loadFailureReason(error), error);
      }
      const reason = describeError(error);
      attempts.push({ provider: name, outcome: 'failed', reason, ms: elapsed(attemptStarted) });
      logger.warn(`Execution provider "${name}" failed (${reason}); trying the next one.`, {
        provider: name,
      });
    }
  }
  throw executionProviderUnavailable(
    preference.map((p) => p.name),
    availableProviderNames(providers),
    attempts,
  );
}
