import { isAkidbError } from '@akidb/core';
import { UsageError } from './usageError.js';

/** Exit statuses of the CLI. */
export const EXIT_CODES = {
  ok: 0,
  /** The command ran and failed (model not found, download failed, ...). */
  failure: 1,
  /** The command line was wrong. */
  usage: 2,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** The exit status for an error: the one place errors become exit codes. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT_CODES.usage;
  if (isAkidbError(error, 'CANCELLED')) return EXIT_CODES.interrupted;
  return EXIT_CODES.failure;
}

/**
 * Prints `error [CODE]: message` on `stderr` (with a usage hint for usage errors and the stack for
 * unexpected errors) and returns the exit status.
 */
export function reportError(error: unknown, stderr: { write(text: string): unknown }): number {
  if (isAkidbError(error)) {
    stderr.write(`error [${error.code}]: ${error.message}\n`);
    if (error instanceof UsageError) stderr.write(`Run "${error.helpCommand}" for usage.\n`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    stderr.write(`error [INTERNAL]: ${detail}\n`);
  }
  return exitCodeFor(error);
}
