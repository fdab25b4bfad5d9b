/** One command of the CLI, e.g. `models list`. */
export interface CliCommand {
  /** The words that select it, e.g. `['models', 'list']`. */
  readonly path: readonly string[];
  /** One line for `akidb --help`. */
  readonly summary: string;
  /** The full usage, printed by `--help`. */
  readonly help: string;
  /** Runs with the arguments after the command words; resolves to the exit status. */
  run(args: string[]): Promise<number>;
}
