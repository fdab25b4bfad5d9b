import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrationRanges, dequantizeInt8 } from './calibrationRanges.js';
import { quantizeEmbeddings } from './quantizeEmbeddings.js';

/** sentence-transformers' quantize_embeddings on seeded vectors (tools/data/make_quantize_fixture.py). */
const reference = JSON.parse(
  readFileSync(new URL('./fixtures/quantize-st.json', import.meta.url), 'utf8'),
) as {
  calibration: number[][];
  queries: number[][];
  int8: number[][];
  uint8: number[][];
  binary: number[][];
  ubinary: number[][];
};
const calibration = reference.calibration.map((row) => Float32Array.from(row));
const queries = reference.queries.map((row) => Float32Array.from(row));
const ranges = calibrationRanges(calibration);

describe('quantizeEmbeddings matches sentence-transformers quantize_embeddings', () => {
  it.each(['int8', 'uint8', 'binary', 'ubinary'] as const)('%s', (precision) => {
    const { vectors } = quantizeEmbeddings(queries, precision, ranges);
    expect(vectors.map((v) => Array.from(v))).toEqual(reference[precision]);
  });

  it('packs 21 dimensions into 3 bytes, padding with zero bits', () => {
    const { vectors } = quantizeEmbeddings(queries, 'ubinary');
    expect(vectors[0]).toHaveLength(3);
    for (const bytes of vectors) expect((bytes[2] as number) & 0b0000_0111).toBe(0);
  });
});

describe('quantizeEmbeddings', () => {
  it('keeps float32 vectors as they are', () => {
    const { precision, vectors } = quantizeEmbeddings(queries, 'float32');
    expect(precision).toBe('float32');
    expect(vectors).toEqual(queries);
  });

  it('binary: a positive component is a 1 bit, zero and negatives are 0 bits, MSB first', () => {
    const v = Float32Array.from([1, 0, -1, 0.5, -0, 2, 3, 4, 5]);
    const ubinary = quantizeEmbeddings([v], 'ubinary').vectors[0] as Uint8Array;
    expect(Array.from(ubinary)).toEqual([0b1001_0111, 0b1000_0000]);
    const binary = quantizeEmbeddings([v], 'binary').vectors[0] as Int8Array;
    expect(Array.from(binary)).toEqual([0b1001_0111 - 128, 0b1000_0000 - 128]);
  });

  it('int8 and uint8 span the calibration range end to end and saturate outside it', () => {
    const r = { min: [-1, 0], max: [1, 2] };
    const at = (x: number, y: number) => Float32Array.from([x, y]);
    const int8 = quantizeEmbeddings([at(-1, 0), at(1, 2), at(-5, 9)], 'int8', r).vectors;
    expect(int8.map((v) => Array.from(v))).toEqual([
      [-128, -128],
      [127, 127],
      [-128, 127],
    ]);
    const uint8 = quantizeEmbeddings([at(-1, 0), at(1, 2), at(-5, 9)], 'uint8', r).vectors;
    expect(uint8.map((v) => Array.from(v))).toEqual([
      [0, 0],
      [255, 255],
      [0, 255],
    ]);
  });

  it('a dimension whose calibration range has zero width uses step 1, as sentence-transformers does', () => {
    const flat = { min: [0, 0, 0], max: [0, 0, 0] };
    const { vectors } = quantizeEmbeddings([Float32Array.from([0.5, -0.5, 300])], 'uint8', flat);
    expect(Array.from(vectors[0] as Uint8Array)).toEqual([0, 0, 255]);
  });

  it('int8 and uint8 refuse to run without ranges, or with ranges of another size', () => {
    expect(() => quantizeEmbeddings(queries, 'int8')).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
    expect(() => quantizeEmbeddings(queries, 'uint8', { min: [0], max: [1] })).toThrow(/cover 1 dimensions/);
    expect(() => quantizeEmbeddings(queries, 'fp16' as never)).toThrow(/unknown precision/);
  });

  it('dequantized int8 stays within one step of the original', () => {
    const codes = quantizeEmbeddings(queries, 'int8', ranges).vectors as Int8Array[];
    codes.forEach((code, row) => {
      const back = dequantizeInt8(code, ranges);
      const original = queries[row] as Float32Array;
      for (let i = 0; i < back.length; i++) {
        const step = ((ranges.max[i] as number) - (ranges.min[i] as number)) / 255;
        expect(Math.abs((back[i] as number) - (original[i] as number))).toBeLessThanOrEqual(step + 1e-6);
      }
    });
  });
});

describe('calibrationRanges', () => {
  it('is the per-dimension min and max', () => {
    const r = calibrationRanges([
      Float32Array.from([1, -2]),
      Float32Array.from([-3, 4]),
      Float32Array.from([0, 0]),
    ]);
    expect(Array.from(r.min)).toEqual([-3, -2]);
    expect(Array.from(r.max)).toEqual([1, 4]);
  });

  it('refuses no vectors and mixed dimensions', () => {
    expect(() => calibrationRanges([])).toThrow(/at least one/);
    expect(() => calibrationRanges([new Float32Array(2), new Float32Array(3)])).toThrow(
      /differ in dimension/,
    );
  });
});
