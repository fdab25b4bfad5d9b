import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './args.js';

describe('parseBenchArgs', () => {
  const now = new Date('2025-01-02T03:04:05.678Z');

  it('defaults to the full grid and a timestamped results dir', () => {
    const options = parseBenchArgs([], now);
    expect(options.batchSizes).toEqual([1, 2, 4, 8, 16, 32]);
    expect(options.lengths).toEqual(['short', 'medium', 'long']);
    expect(options.concurrency).toEqual([1, 8, 32, 64]);
    expect(options.peers).toEqual(['bareOrt', 'transformersJs', 'fastembed']);
    expect(options.outDir).toMatch(/results[/\\]2025-01-02_03-04-05$/);
  });

  it('shrinks everything for --quick', () => {
    const options = parseBenchArgs(['--quick', '--out', '/tmp/x'], now);
    expect(options).toMatchObject({
      quick: true,
      batchSizes: [1, 8],
      lengths: ['short', 'medium'],
      outDir: '/tmp/x',
    });
  });

  it('parses lists, sorts sizes and maps peer names', () => {
    const options = parseBenchArgs(
      [
        '--batch-sizes',
        '8,1,8',
        '--lengths',
        'long,short',
        '--peers',
        'ort',
        '--no-server',
        '--threads',
        '3',
      ],
      now,
    );
    expect(options).toMatchObject({
      batchSizes: [1, 8],
      lengths: ['short', 'long'],
      peers: ['bareOrt'],
      server: false,
      intraOpNumThreads: 3,
    });
  });

  it('rejects bad values', () => {
    expect(() => parseBenchArgs(['--batch-sizes', '0'])).toThrow(/batch-sizes/);
    expect(() => parseBenchArgs(['--lengths', 'huge'])).toThrow(/huge/);
    expect(() => parseBenchArgs(['--peers', 'onnx'])).toThrow(/onnx/);
    expect(() => parseBenchArgs(['--reps', '9', '--max-reps', '3'])).toThrow(/max-reps/);
  });
});
