import { UsageError } from './usageError.js';

/**
 * Runs a `parseArgs` call and turns its errors (unknown option, missing value, unexpected
 * argument) into a {@link UsageError} pointing at `helpCommand`.
 *
 * @example
 * const { values } = parseOrUsage('akidb embed --help', () => parseArgs({ args, options }));
 */
export function parseOrUsage<T>(helpCommand: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError(error.message, helpCommand);
    }
    throw error;
  }
}
