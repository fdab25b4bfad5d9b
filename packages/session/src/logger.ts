import type { SessionLogger } from './types.js';

/** The default logger: drops everything. Fallbacks stay visible through `session.attempts`. */
export const silentLogger: SessionLogger = {
  warn: () => {},
  info: () => {},
};

/**
 * Writes to `console.warn` / `console.info` with an `[akidb/session]` prefix.
 *
 * @example
 * const session = await createSession(path, { executionProviders: ['cuda', 'cpu'], logger: consoleLogger });
 */
export const consoleLogger: SessionLogger = {
  warn: (message, details) => {
    console.warn(`[akidb/session] ${message}`, ...(details === undefined ? [] : [details]));
  },
  info: (message, details) => {
    console.info(`[akidb/session] ${message}`, ...(details === undefined ? [] : [details]));
  },
};
