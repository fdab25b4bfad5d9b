import { fileURLToPath } from 'node:url';
import { type RunningServer, type ServerConfigInput, startServer } from '@akidb/server';

/** The repo's model manifests (`<repo>/models`). */
export const REPO_MODELS_DIR: string = fileURLToPath(new URL('../../../../models', import.meta.url));

/** The smallest prepared model (3 layers, 384 dimensions): the default model of most test servers. */
export const SMALL_MODEL = 'paraphrase-minilm-l3-v2';

/**
 * Starts a real server on a free loopback port with the small model as default, quiet logs and the
 * repo's manifests, and waits until the default model has loaded (or failed to).
 *
 * @example
 * const server = await startTestServer({ maxBatchSize: 2 });
 */
export async function startTestServer(config: ServerConfigInput = {}): Promise<RunningServer> {
  const running = await startServer({
    port: 0,
    logLevel: 'silent',
    manifestsDirs: [REPO_MODELS_DIR],
    defaultModel: SMALL_MODEL,
    ...config,
  });
  await running.preloaded;
  return running;
}
