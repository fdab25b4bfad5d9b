import { describe, expect, it } from 'vitest';
import { parseServerBenchArgs, parseShapes } from './parseServerBenchArgs.js';

describe('parseServerBenchArgs', () => {
  it('defaults to the issue: four contenders, five levels, two rounds of 10 s', () => {
    const options = parseServerBenchArgs([], new Date('2025-01-02T03:04:05Z'));
    expect(options.contenders).toEqual(['oursBatching', 'oursNoBatching', 'infinityTorch', 'infinityOnnx']);
    expect(options.shapes).toEqual([
      { clients: 1, textsPerRequest: 1 },
      { clients: 8, textsPerRequest: 1 },
      { clients: 32, textsPerRequest: 1 },
      { clients: 64, textsPerRequest: 1 },
      { clients: 4, textsPerRequest: 32 },
    ]);
    expect(options).toMatchObject({
      rounds: 2,
      durationS: 10,
      warmupS: 2,
      inProcess: true,
      model: 'all-minilm-l6-v2',
    });
    expect(options.outDir).toMatch(/results\/server-2025-01-02_03-04-05$/);
  });

  it('has a quick smoke run and passes extra server flags through', () => {
    const options = parseServerBenchArgs([
      '--quick',
      '--contenders',
      'ours,ours-off',
      '--server-arg=--replicas=2',
      '--server-arg=--max-batch-size=64',
      '--inproc-concurrency',
      '2',
    ]);
    expect(options).toMatchObject({ quick: true, rounds: 1, durationS: 1, warmupS: 0.5 });
    expect(options.contenders).toEqual(['oursBatching', 'oursNoBatching']);
    expect(options.shapes.map((s) => `${s.clients}x${s.textsPerRequest}`)).toEqual(['1x1', '8x1', '4x32']);
    expect(options.serverArgs).toEqual(['--replicas=2', '--max-batch-size=64']);
    expect(options.inProcessConcurrency).toBe(2);
  });

  it('rejects unknown contenders and bad numbers', () => {
    expect(() => parseServerBenchArgs(['--contenders', 'tei'])).toThrow(/unknown "tei"/);
    expect(() => parseServerBenchArgs(['--rounds', '0'])).toThrow(/--rounds/);
    expect(() => parseServerBenchArgs(['--duration', 'x'])).toThrow(/--duration/);
  });
});

describe('parseShapes', () => {
  it('reads clients x texts, keeps order, drops repeats and accepts ×', () => {
    expect(parseShapes('64x1, 4×32,64x1')).toEqual([
      { clients: 64, textsPerRequest: 1 },
      { clients: 4, textsPerRequest: 32 },
    ]);
  });

  it('rejects malformed and zero shapes', () => {
    expect(() => parseShapes('8')).toThrow(/not CLIENTSxTEXTS/);
    expect(() => parseShapes('0x1')).toThrow(/at least 1/);
    expect(() => parseShapes(',')).toThrow(/at least one level/);
  });
});
