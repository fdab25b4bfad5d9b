import { AkidbError } from '@akidb/core';

/**
 * A command line the CLI cannot act on: unknown command or flag, missing or malformed argument.
 * It carries the stable code `INPUT_INVALID` and exits with status 2; `helpCommand` is what to run
 * for the usage.
 *
 * @example
 * throw new UsageError('--dimensions must be a positive integer, got "abc"', 'akidb embed --help');
 */
export class UsageError extends AkidbError {
  /** The command that prints the relevant usage, e.g. `akidb embed --help`. */
  readonly helpCommand: string;

  constructor(message: string, helpCommand = 'akidb --help') {
    super('INPUT_INVALID', message, { details: { usage: helpCommand } });
    this.helpCommand = helpCommand;
  }
}
