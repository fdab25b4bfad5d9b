/** Progress of one file download. */
export interface DownloadProgress {
  model: string;
  /** Path of the file inside the model dir. */
  file: string;
  /** Bytes on disk so far (a resumed download starts above 0). */
  receivedBytes: number;
  totalBytes: number;
  /** True on the last event of a file, once it is verified and in place. */
  done: boolean;
}

/** The part of a stream the printer writes to (`process.stderr` in practice). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/**
 * A progress listener that draws one bar per file on a TTY (redrawn at most every 100 ms) and prints
 * one line per finished file on anything else.
 *
 * @example
 * const store = createModelStore({ onProgress: createProgressPrinter(process.stderr) });
 */
export function createProgressPrinter(
  stream: ProgressStream,
  now: () => number = Date.now,
): (event: DownloadProgress) => void {
  let current: { key: string; startedAt: number; startBytes: number; drawnAt: number } | undefined;
  return (event) => {
    const key = `${event.model}/${event.file}`;
    if (current?.key !== key)
      current = { key, startedAt: now(), startBytes: event.receivedBytes, drawnAt: Number.NEGATIVE_INFINITY };
    const time = now();
    const seconds = Math.max((time - current.startedAt) / 1000, 0.001);
    const rate = (event.receivedBytes - current.startBytes) / seconds;
    if (!stream.isTTY) {
      if (event.done)
        stream.write(`downloaded ${key} (${mb(event.totalBytes)} MB in ${seconds.toFixed(1)} s)\n`);
      return;
    }
    if (!event.done && time - current.drawnAt < 100) return;
    current.drawnAt = time;
    const fraction = event.totalBytes > 0 ? Math.min(event.receivedBytes / event.totalBytes, 1) : 1;
    const stats = ` ${mb(event.receivedBytes)}/${mb(event.totalBytes)} MB ${Math.floor(fraction * 100)}% ${mb(rate)} MB/s`;
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - key.length - stats.length - 4));
    const filled = Math.round(fraction * width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    stream.write(`\r\x1b[2K${key} ${bar}${stats}${event.done ? '\n' : ''}`);
  };
}
