import { describe, expect, it } from 'vitest';
import { hubFileUrl } from './hubFileUrl.js';
import { createProgressPrinter, type DownloadProgress } from './progressPrinter.js';

function recorder(isTTY: boolean): {
  writes: string[];
  stream: { isTTY: boolean; columns: number; write(s: string): boolean };
} {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (s) => writes.push(s) > 0 } };
}

const event = (receivedBytes: number, done = false): DownloadProgress => ({
  model: 'bge',
  file: 'model.onnx',
  receivedBytes,
  totalBytes: 4_000_000,
  done,
});

describe('createProgressPrinter', () => {
  it('redraws one bar on a TTY, at most every 100 ms, and ends it with a newline', () => {
    const { writes, stream } = recorder(true);
    let clock = 0;
    const print = createProgressPrinter(stream, () => clock);
    print(event(0));
    clock = 1000;
    print(event(1_000_000));
    clock = 1050;
    print(event(1_500_000)); // throttled
    clock = 2000;
    print(event(4_000_000, true));
    expect(writes).toHaveLength(3);
    expect(writes[0]).toBe(`\r\x1b[2Kbge/model.onnx [${'-'.repeat(30)}] 0.0/4.0 MB 0% 0.0 MB/s`);
    expect(writes[1]).toBe(
      `\r\x1b[2Kbge/model.onnx [${'#'.repeat(8)}${'-'.repeat(22)}] 1.0/4.0 MB 25% 1.0 MB/s`,
    );
    expect(writes[2]).toBe(`\r\x1b[2Kbge/model.onnx [${'#'.repeat(30)}] 4.0/4.0 MB 100% 2.0 MB/s\n`);
  });

  it('prints one line per finished file elsewhere', () => {
    const { writes, stream } = recorder(false);
    let clock = 0;
    const print = createProgressPrinter(stream, () => clock);
    print(event(0));
    clock = 500;
    print(event(2_000_000));
    clock = 2500;
    print(event(4_000_000, true));
    expect(writes).toEqual(['downloaded bge/model.onnx (4.0 MB in 2.5 s)\n']);
  });
});

describe('hubFileUrl', () => {
  it('builds the Hub resolve URL, encoding each segment', () => {
    expect(hubFileUrl('https://hf.example/', 'Xenova/bge-small-en-v1.5', 'main', 'onnx/model.onnx')).toBe(
      'https://hf.example/Xenova/bge-small-en-v1.5/resolve/main/onnx/model.onnx',
    );
    expect(hubFileUrl('http://h', 'o/r', 'v 1', 'a b/c#d')).toBe('http://h/o/r/resolve/v%201/a%20b/c%23d');
  });
});
