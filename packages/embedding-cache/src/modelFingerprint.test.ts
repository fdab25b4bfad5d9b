import { isAkidbError } from '@akidb/core';
import { describe, expect, it } from 'vitest';
import { modelFingerprint } from './modelFingerprint.js';

const sha = (char: string): string => char.repeat(64);
const FILES = [
  { path: 'model.onnx', sha256: sha('a') },
  { path: 'tokenizer.json', sha256: sha('b') },
  { path: 'config.json', sha256: sha('c') },
];

describe('modelFingerprint', () => {
  it('does not depend on the order the manifest lists files in', () => {
    expect(modelFingerprint([...FILES].reverse())).toBe(modelFingerprint(FILES));
  });

  it('changes when any one file changes', () => {
    const base = modelFingerprint(FILES);
    for (let i = 0; i < FILES.length; i++) {
      const changed = FILES.map((file, j) => (j === i ? { ...file, sha256: sha('d') } : file));
      expect(modelFingerprint(changed)).not.toBe(base);
    }
  });

  it('changes when a file is added, removed or renamed', () => {
    const base = modelFingerprint(FILES);
    expect(modelFingerprint([...FILES, { path: 'extra.bin', sha256: sha('e') }])).not.toBe(base);
    expect(modelFingerprint(FILES.slice(1))).not.toBe(base);
    expect(modelFingerprint([{ ...FILES[0]!, path: 'onnx/model.onnx' }, ...FILES.slice(1)])).not.toBe(base);
  });

  it('refuses files without a sha256, and an empty list', () => {
    expect(() => modelFingerprint([{ path: 'model.onnx', sha256: null }])).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
    expect(() => modelFingerprint([{ path: 'model.onnx', sha256: 'not-hex' }])).toThrow();
    try {
      modelFingerprint([]);
      expect.unreachable();
    } catch (error) {
      expect(isAkidbError(error, 'INPUT_INVALID')).toBe(true);
    }
  });
});
