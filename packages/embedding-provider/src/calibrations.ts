import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CalibrationRanges } from '@akidb/pooling';
import { calibrationInvalid, quantizationUnavailable } from './errors.js';

/** `<manifests dir>/calibration/<id>.json` as written by `pnpm data:calibrate` (see tools/data). */
interface CalibrationFile {
  model: string;
  modelFingerprint: string;
  ranges: Record<string, CalibrationRanges>;
}

/** int8/uint8 calibration ranges per model, read once from the manifests directories. */
export interface Calibrations {
  /**
   * The ranges of `model` at `dimension`. Throws `INPUT_INVALID` when there are none, or when they
   * were computed for other model files (`fingerprint` differs): stale ranges are never used.
   */
  rangesFor(model: string, fingerprint: string, dimension: number): CalibrationRanges;
}

/** Reads every `calibration/*.json` under `manifestsDirs`; a missing folder is no calibration. */
export async function readCalibrations(manifestsDirs: readonly string[]): Promise<Calibrations> {
  const files = new Map<string, CalibrationFile>();
  for (const dir of manifestsDirs) {
    const folder = join(dir, 'calibration');
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter((entry) => entry.endsWith('.json'))) {
      const file = parseCalibration(JSON.parse(await readFile(join(folder, name), 'utf8')), name);
      if (!files.has(file.model)) files.set(file.model, file);
    }
  }
  return {
    rangesFor(model, fingerprint, dimension) {
      const file = files.get(model);
      if (file === undefined) throw quantizationUnavailable(model, 'it has no calibration ranges');
      if (file.modelFingerprint !== fingerprint) {
        throw quantizationUnavailable(model, 'its calibration ranges were computed for other model files');
      }
      const ranges = file.ranges[String(dimension)];
      if (ranges === undefined) {
        throw quantizationUnavailable(model, `it has no calibration ranges for ${dimension} dimensions`);
      }
      return ranges;
    },
  };
}

function parseCalibration(json: unknown, name: string): CalibrationFile {
  const file = json as Partial<CalibrationFile>;
  const ok =
    typeof file?.model === 'string' &&
    typeof file.modelFingerprint === 'string' &&
    typeof file.ranges === 'object' &&
    file.ranges !== null &&
    Object.entries(file.ranges).every(
      ([dimension, range]) =>
        Array.isArray(range?.min) &&
        Array.isArray(range.max) &&
        range.min.length === Number(dimension) &&
        range.max.length === Number(dimension),
    );
  if (!ok) throw calibrationInvalid(`calibration/${name}`);
  return file as CalibrationFile;
}
