import { parseArgs } from 'node:util';
import type { ModelSummary } from '@akidb/embedding-provider';
import type { CliCommand } from './cliCommand.js';
import { formatTable } from './formatTable.js';
import { openService, SERVICE_ARG_OPTIONS, SERVICE_OPTIONS_HELP, serviceOptionsFrom } from './openService.js';
import { parseOrUsage } from './parseOrUsage.js';

const MB = 1024 * 1024;

/** One model in the `models list --json` output (snake_case keys). */
export interface ListedModelJson {
  id: string;
  aliases: string[];
  state: 'installed' | 'downloadable' | 'unavailable';
  reason?: string;
  dimension: number;
  max_tokens: number;
  pooling: string;
  memory_mb: number;
  default: boolean;
}

/** The `models list --json` document. */
export function listModelsJson(models: readonly ModelSummary[]): { models: ListedModelJson[] } {
  return {
    models: models.map((model) => ({
      id: model.id,
      aliases: [...model.aliases],
      state: model.state,
      ...(model.reason ? { reason: model.reason } : {}),
      dimension: model.dimension,
      max_tokens: model.maxTokens,
      pooling: model.pooling,
      memory_mb: Math.round(model.memoryBytes / MB),
      default: model.isDefault,
    })),
  };
}

/** The `models list` table. */
export function listModelsTable(models: readonly ModelSummary[]): string {
  return formatTable(
    [
      { header: 'ID' },
      { header: 'STATE' },
      { header: 'DIM', align: 'right' },
      { header: 'MAX TOKENS', align: 'right' },
      { header: 'POOLING' },
      { header: 'MEMORY MB', align: 'right' },
      { header: 'DEFAULT' },
      { header: 'REASON' },
    ],
    models.map((model) => [
      model.id,
      model.state,
      String(model.dimension),
      String(model.maxTokens),
      model.pooling,
      String(Math.round(model.memoryBytes / MB)),
      model.isDefault ? '*' : '',
      model.reason ?? '',
    ]),
  );
}

const HELP = `Usage: akidb models list [--json] [options]

Lists every model the manifests know, with its install state:
  installed     its files are in the model home and it can be used now
  downloadable  a Hub model whose files are pinned, or whose safetensors are converted
                locally; "akidb models pull <id>" fetches (and converts) it
  unavailable   neither; REASON says why (e.g. run "pnpm models:prepare")

Options:
  --json             Print {"models": [{id, aliases, state, reason?, dimension, max_tokens,
                     pooling, memory_mb, default}]} instead of a table
${SERVICE_OPTIONS_HELP}
  -h, --help         Show this help`;

/** `akidb models list [--json]`. */
export const listModelsCommand: CliCommand = {
  path: ['models', 'list'],
  summary: 'List known models, their state, dimension, pooling and memory',
  help: HELP,
  async run(args) {
    const { values } = parseOrUsage('akidb models list --help', () =>
      parseArgs({
        args,
        options: { ...SERVICE_ARG_OPTIONS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      }),
    );
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const service = await openService(serviceOptionsFrom(values, process.env));
    try {
      const models = service.listModels();
      process.stdout.write(
        values.json ? `${JSON.stringify(listModelsJson(models), null, 2)}\n` : `${listModelsTable(models)}\n`,
      );
      return 0;
    } finally {
      await service.close();
    }
  },
};
