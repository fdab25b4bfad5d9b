import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** sentence-transformers' embeddings of the bench texts, written by `python3 -m akidb_gpu build`. */
export interface Reference {
  readonly texts: readonly string[];
  readonly dimension: number;
  readonly device: string;
  /** One normalised row per text. */
  readonly rows: readonly Float32Array[];
}

/** Reads `<work>/reference.json`. */
export async function readReference(work: string): Promise<Reference> {
  const raw = JSON.parse(await readFile(join(work, 'reference.json'), 'utf8')) as {
    texts: string[];
    dimension: number;
    device: string;
    embeddings_f32_base64: string;
  };
  const bytes = Buffer.from(raw.embeddings_f32_base64, 'base64');
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const rows = raw.texts.map((_, i) => all.slice(i * raw.dimension, (i + 1) * raw.dimension));
  return { texts: raw.texts, dimension: raw.dimension, device: raw.device, rows };
}
