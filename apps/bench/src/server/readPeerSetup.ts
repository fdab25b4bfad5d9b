import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PEERS_TOOL = fileURLToPath(new URL('../../../../tools/peers/', import.meta.url));

/** What `tools/peers/prepare.mjs` set up for Infinity (`$AKIDB_HOME/peers/peers.json`). */
export interface PeerSetup {
  python: string;
  launcher: string;
  hfHome: string;
  packages: Record<string, string>;
  torchDir: string;
  onnxDir: string;
}

/** The command that prepares the peers venv. */
export const PREPARE_PEERS = 'pnpm bench:peers:prepare';

/**
 * Reads the peers' setup for `model` from `<home>/peers/peers.json`. Returns the reason instead
 * when it is missing, stale (tools/peers/requirements.txt changed since) or lacks the model.
 *
 * @example
 * const setup = await readPeerSetup(resolveAkidbHome(), 'all-minilm-l6-v2');
 * if (typeof setup === 'string') console.log(`Infinity skipped: ${setup}`);
 */
export async function readPeerSetup(home: string, model: string): Promise<PeerSetup | string> {
  const stampPath = join(home, 'peers', 'peers.json');
  const text = await readFile(stampPath, 'utf8').catch(() => null);
  if (text === null) return `the peers venv is not prepared (no ${stampPath}); run \`${PREPARE_PEERS}\``;
  const stamp = JSON.parse(text) as {
    requirementsSha256?: string;
    python?: string;
    hfHome?: string;
    packages?: Record<string, string>;
    models?: Record<string, { torchDir?: string; onnxDir?: string }>;
  };
  const requirements = await readFile(join(PEERS_TOOL, 'requirements.txt'));
  if (stamp.requirementsSha256 !== createHash('sha256').update(requirements).digest('hex'))
    return `the peers venv is stale (tools/peers/requirements.txt changed); run \`${PREPARE_PEERS}\``;
  const folders = stamp.models?.[model];
  if (!folders?.torchDir || !folders.onnxDir)
    return `tools/peers prepares all-minilm-l6-v2 only, not ${model}`;
  if (!(stamp.python && existsSync(stamp.python)))
    return `${stamp.python ?? 'the peers python'} is missing; run \`${PREPARE_PEERS}\``;
  return {
    python: stamp.python,
    launcher: join(PEERS_TOOL, 'infinity_serve.py'),
    hfHome: stamp.hfHome ?? join(home, 'peers', 'hf'),
    packages: stamp.packages ?? {},
    torchDir: folders.torchDir,
    onnxDir: folders.onnxDir,
  };
}
