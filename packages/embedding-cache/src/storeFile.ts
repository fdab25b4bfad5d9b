import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** LMDB keeps the data in `data.mdb` inside the store directory, readers' slots in `lock.mdb`. */
export const DATA_FILE = 'data.mdb';
export const LOCK_FILE = 'lock.mdb';

/** `MDB_MAGIC`, stored little-endian right after the 16-byte page header of both meta pages. */
const LMDB_MAGIC = 0xbeefc0de;
const MAGIC_OFFSET = 24;
const MIN_FILE_BYTES = 2 * 4096;

/** What is wrong with the store file, or `undefined` when it is absent or looks like an LMDB file. */
export function checkStoreHeader(dir: string): string | undefined {
  const path = join(dir, DATA_FILE);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined;
  }
  if (size < MIN_FILE_BYTES) return `${DATA_FILE} is ${size} bytes, shorter than two LMDB meta pages`;
  const head = Buffer.alloc(MAGIC_OFFSET + 4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.readUInt32LE(MAGIC_OFFSET) !== LMDB_MAGIC)
    return `${DATA_FILE} does not start with an LMDB meta page`;
  return undefined;
}

/**
 * Walks every entry of the store in a child process. LMDB trusts its file: a damaged page can make a
 * read crash the process (SIGSEGV / SIGBUS) rather than throw, so the first full read happens where a
 * crash costs nothing. Returns `undefined` when the walk completed, else what went wrong.
 */
export function walkStoreInChild(dir: string): string | undefined {
  const lmdbEntry = createRequire(import.meta.url).resolve('lmdb');
  const script = [
    `const { open } = require(${JSON.stringify(lmdbEntry)});`,
    `const db = open({ path: process.env.AKIDB_STORE_DIR, encoding: 'binary', compression: false });`,
    'let entries = 0; let bytes = 0;',
    'for (const { value } of db.getRange()) { entries++; bytes += value.length; }',
    'process.stdout.write(JSON.stringify({ entries, bytes }));',
  ].join('\n');
  const result = spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, AKIDB_STORE_DIR: dir },
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  if (result.error) return `the check could not run: ${result.error.message}`;
  if (result.signal) return `reading it crashed (${result.signal})`;
  if (result.status !== 0) return `reading it failed: ${lastLine(result.stderr)}`;
  return undefined;
}

/** Deletes the store files so a fresh store can be created in their place. */
export function removeStoreFiles(dir: string): void {
  rmSync(join(dir, DATA_FILE), { force: true });
  rmSync(join(dir, LOCK_FILE), { force: true });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines.find((line) => /error/i.test(line)) ?? lines.at(-1) ?? 'no output';
}
