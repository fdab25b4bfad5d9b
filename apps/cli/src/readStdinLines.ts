import { createInterface } from 'node:readline';

/** Reads `input` to its end and returns its non-empty lines (a trailing `\r` is dropped). */
export async function readStdinLines(input: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() !== '') lines.push(line);
  }
  return lines;
}
