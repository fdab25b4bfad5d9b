import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig, usage } from './parseConfig.js';
import { resolveConfig } from './serverConfig.js';
import { startServer } from './startServer.js';

// The repo's manifests (`<repo>/models`), when the server runs from a checkout.
const repoModels = fileURLToPath(new URL('../../../models', import.meta.url));

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseConfig>;
  let config: ReturnType<typeof resolveConfig>;
  try {
    parsed = parseConfig(process.argv.slice(2), process.env);
    if (parsed.help) {
      process.stdout.write(`${usage()}\n`);
      return;
    }
    config = resolveConfig({
      manifestsDirs: existsSync(repoModels) ? [repoModels] : [],
      ...parsed.config,
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage()}\n`);
    process.exitCode = 2;
    return;
  }
  const running = await startServer(config);
  const logger = running.server.context.logger;
  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'signal received');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `akidb-server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
