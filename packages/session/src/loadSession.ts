import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { describeError, modelLoadFailed } from './errors.js';
import { isModelFileError, loadFailureReason } from './loadFailure.js';
import type { NativeSession, SessionHost } from './nativeSession.js';
import type { OrtProviderConfig } from './providerConfig.js';
import type { OptimizedModelCacheUse, SessionLogger } from './types.js';

/** Everything one load attempt on one execution provider needs. */
export interface LoadRequest {
  /** Where the session is created: the calling thread or the session's worker. */
  readonly host: SessionHost;
  readonly modelPath: string;
  /** Modification time of the model; an older optimised cache is stale. */
  readonly modelMtimeMs: number;
  readonly sessionOptions: InferenceSession.SessionOptions;
  readonly provider: OrtProviderConfig;
  readonly optimizedModelFilePath: string | undefined;
  readonly logger: SessionLogger;
}

/** A native session and how the optimised-model cache was used. */
export interface LoadedSession {
  readonly session: NativeSession;
  readonly cache: OptimizedModelCacheUse;
}

/** Checks that `modelPath` is a non-empty file; throws MODEL_LOAD_FAILED otherwise. Returns its mtime. */
export async function checkModelFile(modelPath: string): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(modelPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the file does not exist.' : `the file cannot be read (${code}).`;
    throw modelLoadFailed(modelPath, reason, error);
  }
  if (!info.isFile()) {
    throw modelLoadFailed(modelPath, 'the path is not a file (a model directory? pass its model.onnx).');
  }
  if (info.size === 0) {
    throw modelLoadFailed(modelPath, 'the file is empty.');
  }
  return info.mtimeMs;
}

async function isFreshCache(path: string, modelMtimeMs: number): Promise<boolean> {
  try {
    const info = await stat(path);
    return info.isFile() && info.size > 0 && info.mtimeMs >= modelMtimeMs;
  } catch {
    return false;
  }
}

/** A temporary sibling of `path`, keeping its extension (ORT picks the format from it). */
async function temporaryCacheFile(path: string, logger: SessionLogger): Promise<string | undefined> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    logger.warn(`Optimized model cache directory cannot be created (${describeError(error)}); not caching.`);
    return undefined;
  }
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(path), `.${basename(path, extname(path))}.${tag}.tmp${extname(path)}`);
}

/**
 * Creates the native session for one provider on the request's host (the calling thread or the
 * session's worker; the file checks and renames here run on the calling thread either way). With an
 * optimised-model cache path: loads the cache when it is present and not older than the model
 * (rebuilding it when ORT cannot read it), otherwise loads the model and lets ORT write the cache to
 * a temporary file renamed into place.
 */
export async function loadSession(request: LoadRequest): Promise<LoadedSession> {
  const options = { ...request.sessionOptions, executionProviders: [request.provider] };
  const create = (path: string, sessionOptions: InferenceSession.SessionOptions): Promise<NativeSession> =>
    request.host.create(path, sessionOptions);
  const cachePath = request.optimizedModelFilePath;
  if (cachePath === undefined) {
    return { session: await create(request.modelPath, options), cache: 'none' };
  }
  if (await isFreshCache(cachePath, request.modelMtimeMs)) {
    try {
      return { session: await create(cachePath, options), cache: 'reused' };
    } catch (error) {
      if (!isModelFileError(error)) {
        throw error;
      }
      request.logger.warn(
        `Optimized model cache "${basename(cachePath)}" cannot be loaded (${loadFailureReason(error)}); ` +
          'rebuilding it from the original model.',
      );
    }
  }
  const temporary = await temporaryCacheFile(cachePath, request.logger);
  if (temporary === undefined) {
    return { session: await create(request.modelPath, options), cache: 'none' };
  }
  try {
    let session: NativeSession;
    try {
      session = await create(request.modelPath, {
        ...options,
        optimizedModelFilePath: temporary,
      });
    } catch (error) {
      if (!describeError(error).includes(basename(temporary))) {
        throw error;
      }
      request.logger.warn(`Optimized model cache cannot be written (${describeError(error)}); not caching.`);
      return { session: await create(request.modelPath, options), cache: 'none' };
    }
    try {
      await rename(temporary, cachePath);
      return { session, cache: 'written' };
    } catch (error) {
      request.logger.warn(`Optimized model cache could not be saved (${describeError(error)}); not caching.`);
      return { session, cache: 'none' };
    }
  } finally {
    await rm(temporary, { force: true });
  }
}
