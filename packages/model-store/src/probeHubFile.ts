import { type DownloadContext, httpStatusError } from './errors.js';

/** What the Hub says about one file before it is downloaded. */
export type HubFileInfo =
  | {
      found: true;
      /** Byte size, from `X-Linked-Size` (LFS files) or `Content-Length`. */
      size: number | null;
      /** The LFS object id, which is the file's sha256 (`X-Linked-Etag`); `null` for plain git files. */
      sha256: string | null;
      /** The commit the revision resolved to (`X-Repo-Commit`), when the server says. */
      commit: string | null;
    }
  | { found: false };

const SHA256 = /^[0-9a-f]{64}$/;

function header(response: Response, name: string): string | null {
  return response.headers.get(name)?.trim() ?? null;
}

/**
 * A `HEAD` request for one Hub file, without following the redirect that the Hub sends for LFS files:
 * that first response carries `X-Linked-Etag` (the sha256 of an LFS object) and `X-Linked-Size`,
 * which huggingface_hub also uses to verify downloads. 404 is `found: false`.
 */
export async function probeHubFile(
  ctx: DownloadContext,
  fetch: typeof globalThis.fetch,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<HubFileInfo> {
  const response = await fetch(ctx.url, {
    method: 'HEAD',
    headers,
    redirect: 'manual',
    ...(signal ? { signal } : {}),
  });
  await response.body?.cancel().catch(() => undefined);
  if (response.status === 404) return { found: false };
  if (response.status >= 400) {
    throw httpStatusError(ctx, response.status, response.statusText, 'Authorization' in headers);
  }
  const etag = header(response, 'x-linked-etag')?.replace(/^W\//, '').replace(/"/g, '').toLowerCase() ?? null;
  const linkedSize = header(response, 'x-linked-size');
  const length = response.status === 200 ? header(response, 'content-length') : null;
  const size = linkedSize ?? length;
  return {
    found: true,
    size: size === null ? null : Number(size),
    sha256: etag !== null && SHA256.test(etag) ? etag : null,
    commit: header(response, 'x-repo-commit'),
  };
}
