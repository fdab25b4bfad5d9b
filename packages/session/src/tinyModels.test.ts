import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from './createSession.js';
import { rejectionOf } from './testModels.js';
import type { TinyEncoderOptions } from './tinyOnnxModel.js';
import { TINY_TABLE, tinyEncoderModel } from './tinyOnnxModel.js';
import type { OnnxSession } from './types.js';

// Two rows of two tokens: ids 3 5 and 0 7 (the second row's last token masked out).
const INPUT = { inputIds: [3, 5, 0, 7], attentionMask: [1, 1, 1, 0], batchSize: 2, seqLength: 2 };
const row = (id: number): number[] => [...(TINY_TABLE[id] as readonly number[])];

describe('encoder shapes beyond MiniLM (tiny real ONNX models)', () => {
  let dir: string;
  const sessions: OnnxSession[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'akidb-session-tiny-'));
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.release()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function load(name: string, options: TinyEncoderOptions): Promise<OnnxSession> {
    const path = join(dir, `${name}.onnx`);
    writeFileSync(path, tinyEncoderModel(options));
    const session = await createSession(path, { intraOpNumThreads: 1 });
    sessions.push(session);
    return session;
  }

  it('reads a static hidden size from metadata and returns the looked-up rows', async () => {
    const session = await load('static', {});
    expect(session.hiddenSize).toBe(4);
    expect(session.takesTokenTypeIds).toBe(false);
    const out = await session.runEncoder({ ...INPUT, tokenTypeIds: [1, 1, 1, 1] });
    expect(out.dims).toEqual([2, 2, 4]);
    expect(Array.from(out.data)).toEqual([...row(3), ...row(5), ...row(0), ...row(7)].map(Math.fround));
  });

  it('probes the hidden size with one token when the output width is only known at run time', async () => {
    const session = await load('dynamic', { hidden: 'dynamic', outputName: 'out0' });
    expect(session.outputMetadata[0]?.shape[2]).toEqual(expect.any(String));
    expect(session.hiddenSize).toBe(4);
    expect(session.outputName).toBe('out0');
    expect((await session.runEncoder(INPUT)).dims).toEqual([2, 2, 4]);
  });

  it('accepts a pooled 2-D output and reports it as pooled', async () => {
    const session = await load('pooled', { pooled: true, hidden: 'dynamic' });
    expect(session.outputKind).toBe('pooled');
    expect(session.hiddenSize).toBe(4);
    const out = await session.runEncoder(INPUT);
    expect(out.outputKind).toBe('pooled');
    expect(out.dims).toEqual([2, 4]);
    const mean = (a: number[], b: number[]) => a.map((x, i) => (x + (b[i] as number)) / 2);
    const expected = [...mean(row(3), row(5)), ...mean(row(0), row(7))];
    expected.forEach((value, i) => {
      expect(out.data[i]).toBeCloseTo(value, 6);
    });
  });

  it('converts a float16 output to Float32Array', async () => {
    const session = await load('half', { outputType: 'float16' });
    const out = await session.runEncoder(INPUT);
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(out.data[0]).toBe(3);
    expect(out.data[1]).toBe(-3);
    expect(out.data[3]).toBe(0.25);
    expect(out.data[7]).toBeCloseTo(1 / 6, 3);
  });

  it('feeds int32 ids (and zero token types) to a model that declares them', async () => {
    const session = await load('int32', { idType: 'int32', withTokenTypeIds: true });
    expect(session.inputMetadata.map((m) => m.type)).toEqual(['int32', 'int32', 'int32']);
    expect(session.takesTokenTypeIds).toBe(true);
    const out = await session.runEncoder(INPUT);
    expect(Array.from(out.data.subarray(4, 8))).toEqual(row(5).map(Math.fround));
  });

  it('refuses a model that needs inputs a text encoder cannot give, with MODEL_LOAD_FAILED', async () => {
    const path = join(dir, 'vision.onnx');
    writeFileSync(path, tinyEncoderModel({ extraInputs: ['pixel_values'] }));
    const error = await rejectionOf(createSession(path));
    expect(error.code).toBe('MODEL_LOAD_FAILED');
    expect(error.message).toContain('"vision.onnx"');
    expect(error.message).toContain('pixel_values');
  });
});
