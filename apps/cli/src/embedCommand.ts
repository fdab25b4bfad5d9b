import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { EmbeddingResult } from '@akidb/embedding-provider';
import type { CliCommand } from './cliCommand.js';
import { openService, SERVICE_ARG_OPTIONS, SERVICE_OPTIONS_HELP, serviceOptionsFrom } from './openService.js';
import { parseOrUsage } from './parseOrUsage.js';
import { readStdinLines } from './readStdinLines.js';
import { UsageError } from './usageError.js';

const HELP_COMMAND = 'akidb embed --help';
const PREVIEW = 8;

const HELP = `Usage: akidb embed [--model <id>] [--dimensions N] [--no-normalize] [--json] [options] <text>...

Embeds each text with one model and prints a short summary per text (first ${PREVIEW} components and
norm) with the token count and time, or with --json the vectors themselves. With no <text>
arguments, texts are read from stdin, one per non-empty line.

Options:
  --model <id>       Model id or alias (default: the default model, all-minilm-l6-v2)
  --dimensions <N>   Keep the first N components, then renormalise (Matryoshka)
  --no-normalize     Return raw pooled vectors instead of unit vectors
  --json             Print {"model", "dimension", "usage": {"prompt_tokens", "total_tokens"},
                     "embeddings": [[...], ...]}
${SERVICE_OPTIONS_HELP}
  -h, --help         Show this help`;

function parseDimensions(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value.trim())) {
    throw new UsageError(`--dimensions must be a positive integer, got "${value}"`, HELP_COMMAND);
  }
  return Number(value);
}

async function readTexts(positionals: string[]): Promise<string[]> {
  if (positionals.length > 0) return positionals;
  if (process.stdin.isTTY) {
    throw new UsageError(
      'no texts: pass them as arguments or pipe them on stdin, one per line',
      HELP_COMMAND,
    );
  }
  const lines = await readStdinLines();
  if (lines.length === 0) throw new UsageError('no texts: stdin had no non-empty line', HELP_COMMAND);
  return lines;
}

function norm(vector: Float32Array): number {
  let sum = 0;
  for (const x of vector) sum += x * x;
  return Math.sqrt(sum);
}

function summary(result: EmbeddingResult, texts: readonly string[], loadMs: number, embedMs: number): string {
  const { tokenizeMs, inferenceMs, poolingMs } = result.timings;
  const lines = [
    `model      ${result.model}`,
    `dimension  ${result.dimension}`,
    `tokens     ${result.usage.totalTokens} (${texts.length} text${texts.length === 1 ? '' : 's'})`,
    `time       load ${loadMs.toFixed(1)} ms, embed ${embedMs.toFixed(1)} ms ` +
      `(tokenize ${tokenizeMs.toFixed(1)}, inference ${inferenceMs.toFixed(1)}, pooling ${poolingMs.toFixed(1)})`,
  ];
  result.embeddings.forEach((vector, index) => {
    const text = texts[index] ?? '';
    const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
    const head = Array.from(vector.subarray(0, PREVIEW), (x) => x.toFixed(4)).join(', ');
    const more = vector.length > PREVIEW ? ', ...' : '';
    lines.push(
      '',
      `[${index}] ${JSON.stringify(shown)}`,
      `    [${head}${more}]`,
      `    norm ${norm(vector).toFixed(6)}`,
    );
  });
  return lines.join('\n');
}

function toJson(result: EmbeddingResult): string {
  return JSON.stringify({
    model: result.model,
    dimension: result.dimension,
    usage: { prompt_tokens: result.usage.promptTokens, total_tokens: result.usage.totalTokens },
    embeddings: result.embeddings.map((vector) => Array.from(vector)),
  });
}

/** `akidb embed [--model <id>] [--dimensions N] [--no-normalize] [--json] <text>...`. */
export const embedCommand: CliCommand = {
  path: ['embed'],
  summary: 'Embed texts (arguments or stdin lines) and print the vectors',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseOrUsage(HELP_COMMAND, () =>
      parseArgs({
        args,
        options: {
          ...SERVICE_ARG_OPTIONS,
          model: { type: 'string', short: 'm' },
          dimensions: { type: 'string' },
          'no-normalize': { type: 'boolean' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: true,
      }),
    );
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const dimensions = parseDimensions(values.dimensions);
    const texts = await readTexts(positionals);

    const service = await openService(serviceOptionsFrom(values, process.env));
    try {
      const model = service.resolveModelId(values.model);
      const loadStart = performance.now();
      await service.preload([model]);
      const embedStart = performance.now();
      const result = await service.embed({
        model,
        texts,
        normalize: !values['no-normalize'],
        ...(dimensions === undefined ? {} : { dimensions }),
      });
      const embedMs = performance.now() - embedStart;
      const output = values.json ? toJson(result) : summary(result, texts, embedStart - loadStart, embedMs);
      process.stdout.write(`${output}\n`);
      return 0;
    } finally {
      await service.close();
    }
  },
};
