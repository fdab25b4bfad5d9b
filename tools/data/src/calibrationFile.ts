import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `models/calibration/<id>.json`: int8/uint8 ranges per output dimension, from a calibration corpus. */
export interface CalibrationFile {
  model: string;
  /** `modelFingerprint(manifest.files)` of the files the ranges were computed with. */
  modelFingerprint: string;
  /** What the ranges were computed from. */
  corpus: string;
  /** Number of texts embedded. */
  texts: number;
  /** Ranges hold for L2-normalised vectors only. */
  normalize: true;
  /** Keyed by output dimension (the full one, and each Matryoshka size of the model). */
  ranges: Record<string, { min: number[]; max: number[] }>;
}

/** Reads `<manifestsDir>/calibration/<id>.json`. */
export function readCalibrationFile(manifestsDir: string, id: string): CalibrationFile {
  return JSON.parse(readFileSync(join(manifestsDir, 'calibration', `${id}.json`), 'utf8')) as CalibrationFile;
}
