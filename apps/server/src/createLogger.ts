import { type Logger, pino } from 'pino';

/**
 * The server's structured logger (JSON lines on stdout). `silent` in tests.
 *
 * @example
 * const logger = createLogger('info');
 */
export function createLogger(level: string): Logger {
  return pino({ name: 'akidb-server', level });
}
