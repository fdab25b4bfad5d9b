import type { CliCommand } from './cliCommand.js';
import { cliVersion } from './cliVersion.js';
import { embedCommand } from './embedCommand.js';
import { listModelsCommand } from './listModelsCommand.js';
import { pullModelCommand } from './pullModelCommand.js';
import { EXIT_CODES, reportError } from './reportError.js';
import { UsageError } from './usageError.js';

const COMMANDS: readonly CliCommand[] = [listModelsCommand, pullModelCommand, embedCommand];

const ROOT_FOOTER = `

Options:
  -h, --help     Show this help
  -v, --version  Print the version

Environment:
  AKIDB_HOME           Model home (default ~/.cache/akidb)
  AKIDB_MODELS_DIR     Manifest directory (default: the repo's models/)
  AKIDB_DEFAULT_MODEL  Model used when none is named (default all-minilm-l6-v2)
  HF_ENDPOINT          Hub to download from (default https://huggingface.co); HF_TOKEN for gated repos
  HF_HUB_OFFLINE       1 = never touch the network (also AKIDB_OFFLINE)`;

/** The help of `akidb` (empty prefix) or of a group such as `akidb models`. */
function groupHelp(prefix: readonly string[]): string {
  const matching = COMMANDS.filter((command) => prefix.every((word, index) => command.path[index] === word));
  const width = Math.max(...matching.map((command) => command.path.join(' ').length));
  const lines = matching.map((command) => `  ${command.path.join(' ').padEnd(width)}  ${command.summary}`);
  return [
    `Usage: ${['akidb', ...prefix].join(' ')} <command> [options]`,
    '',
    'Commands:',
    ...lines,
    '',
    `Run "akidb <command> --help" for a command's options.${prefix.length === 0 ? ROOT_FOOTER : ''}`,
  ].join('\n');
}

const isHelp = (word: string | undefined): boolean => word === '--help' || word === '-h' || word === 'help';

/** Finds the command the words name and runs it; prints help for a bare group. */
async function dispatch(argv: string[]): Promise<number> {
  const [first] = argv;
  if (first === '--version' || first === '-v' || first === '-V') {
    process.stdout.write(`${cliVersion()}\n`);
    return EXIT_CODES.ok;
  }
  for (const command of COMMANDS) {
    if (command.path.every((word, index) => argv[index] === word))
      return command.run(argv.slice(command.path.length));
  }
  // A known group ("models") with a missing, unknown or help sub-command.
  const group =
    first !== undefined && COMMANDS.some((command) => command.path.length > 1 && command.path[0] === first);
  const prefix = group ? [first] : [];
  const next = argv[prefix.length];
  if (isHelp(next)) {
    process.stdout.write(`${groupHelp(prefix)}\n`);
    return EXIT_CODES.ok;
  }
  if (next === undefined) {
    process.stderr.write(`${groupHelp(prefix)}\n`);
    return EXIT_CODES.usage;
  }
  const what = group ? `${first} command` : next.startsWith('-') ? 'option' : 'command';
  throw new UsageError(`unknown ${what} "${next}"`, ['akidb', ...prefix, '--help'].join(' '));
}

// A reader that goes away (`akidb embed --json ... | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

/** Sets the exit status and lets the process end on its own, except after Ctrl-C: then at once. */
function finish(code: number): void {
  process.exitCode = code;
  // Work that did not see the cancellation (a download about to start) must not hold the exit.
  if (code === EXIT_CODES.interrupted) process.exit(code);
}

dispatch(process.argv.slice(2)).then(finish, (error: unknown) => finish(reportError(error, process.stderr)));
