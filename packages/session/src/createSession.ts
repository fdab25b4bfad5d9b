import { basename } from 'node:path';
import { isAkidbError } from '@akidb/core';
import { describeError, executionProviderUnavailable, modelLoadFailed } from './errors.js';
import {
  availableProviderNames,
  listExecutionProviders,
  normalizePreference,
  unavailableReason,
} from './executionProviders.js';
import { isModelFileError, loadFailureReason } from './loadFailure.js';
import { checkModelFile, loadSession } from './loadSession.js';
import { silentLogger } from './logger.js';
import { OrtOnnxSession, toMetadata } from './onnxSession.js';
import { providerConfigWarnings, toOrtProviderConfig } from './providerConfig.js';
import type { EncoderLayout } from './resolveEncoder.js';
import { NotAnEncoderError, resolveEncoder } from './resolveEncoder.js';
import { resolveSettings, toOrtSessionOptions } from './sessionOptions.js';
import type { OnnxSession, ProviderAttempt, SessionOptions } from './types.js';

const elapsed = (since: number): number => Math.round((performance.now() - since) * 100) / 100;

/**
 * Loads an ONNX model with onnxruntime-node, trying the execution providers in order of
 * preference. A provider that is not in this build or not for this OS is skipped; one that fails
 * to create the session (missing CUDA libraries, no GPU…) is logged as a warning and the next one
 * is tried. `cpu` is the implicit last resort unless `strict`, in which case
 * EXECUTION_PROVIDER_UNAVAILABLE is thrown when no listed provider works. A file that is missing
 * or not an ONNX model throws MODEL_LOAD_FAILED.
 *
 * @example
 * const session = await createSession(join(modelDirectory('all-minilm-l6-v2'), 'model.onnx'), {
 *   executionProviders: [{ name: 'cuda', deviceId: 0 }, 'cpu'],
 *   logger: consoleLogger,
 * });
 * session.executionProvider; // 'cuda', or 'cpu' after a fallback
 */
export async function createSession(modelPath: string, options: SessionOptions = {}): Promise<OnnxSession> {
  const started = performance.now();
  const logger = options.logger ?? silentLogger;
  const strict = options.strict === true;
  const preference = normalizePreference(options.executionProviders ?? ['cpu'], strict);
  const settings = resolveSettings(options);
  const sessionOptions = toOrtSessionOptions(settings, options);
  const modelMtimeMs = await checkModelFile(modelPath);
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
        modelPath,
        modelMtimeMs,
        sessionOptions,
        provider,
        optimizedModelFilePath: options.optimizedModelFilePath,
        logger,
      });
      attempts.push({ provider: name, outcome: 'selected', ms: elapsed(attemptStarted) });
      const inputMetadata = toMetadata(loaded.session.inputMetadata);
      const outputMetadata = toMetadata(loaded.session.outputMetadata);
      let encoder: EncoderLayout;
      try {
        encoder = await resolveEncoder(loaded.session, inputMetadata, outputMetadata);
      } catch (error) {
        await loaded.session.release();
        const reason = error instanceof NotAnEncoderError ? error.message : describeError(error);
        throw modelLoadFailed(modelPath, `the model is not a text encoder: ${reason}`, error);
      }
      const loadMs = elapsed(started);
      logger.info(`Loaded "${basename(modelPath)}" on ${name} in ${loadMs} ms`, {
        provider: name,
        loadMs,
        optimizedModelCache: loaded.cache,
      });
      return new OrtOnnxSession(loaded.session, {
        modelPath,
        executionProvider: name,
        attempts,
        loadMs,
        settings,
        optimizedModelCache: loaded.cache,
        inputMetadata,
        outputMetadata,
        encoder,
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
