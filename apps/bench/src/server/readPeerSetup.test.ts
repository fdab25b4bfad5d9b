import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readPeerSetup } from './readPeerSetup.js';
import { describePeerReport, replicasFromMetrics } from './startContender.js';

const REQUIREMENTS = fileURLToPath(new URL('../../../../tools/peers/requirements.txt', import.meta.url));

describe('readPeerSetup', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function home(stamp: Record<string, unknown> | null): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'akidb-peers-'));
    dirs.push(dir);
    if (stamp) {
      await mkdir(join(dir, 'peers'), { recursive: true });
      await writeFile(join(dir, 'peers', 'peers.json'), JSON.stringify(stamp));
    }
    return dir;
  }

  const sha = async (): Promise<string> =>
    createHash('sha256')
      .update(await readFile(REQUIREMENTS))
      .digest('hex');

  it('says how to prepare the venv when it is missing', async () => {
    expect(await readPeerSetup(await home(null), 'all-minilm-l6-v2')).toMatch(
      /not prepared .*pnpm bench:peers:prepare/,
    );
  });

  it('calls a venv stale when tools/peers/requirements.txt changed since', async () => {
    const dir = await home({ requirementsSha256: 'old', python: process.execPath, models: {} });
    expect(await readPeerSetup(dir, 'all-minilm-l6-v2')).toMatch(/stale/);
  });

  it('reads the folders of a prepared model, and refuses other models', async () => {
    const dir = await home({
      requirementsSha256: await sha(),
      python: process.execPath,
      hfHome: '/hf',
      packages: { 'infinity-emb': '0.0.78' },
      models: { 'all-minilm-l6-v2': { torchDir: '/t', onnxDir: '/o' } },
    });
    const setup = await readPeerSetup(dir, 'all-minilm-l6-v2');
    expect(setup).toMatchObject({ python: process.execPath, torchDir: '/t', onnxDir: '/o', hfHome: '/hf' });
    expect(typeof setup === 'object' && setup.launcher).toMatch(/tools\/peers\/infinity_serve\.py$/);
    expect(await readPeerSetup(dir, 'all-mpnet-base-v2')).toMatch(/not all-mpnet-base-v2/);
  });
});

describe('describePeerReport', () => {
  it("turns the launcher's JSON lines into report text", () => {
    expect(describePeerReport('{"torch_intra_op_threads": 2, "torch": "2.13.0+cpu"}')).toBe(
      'torch intra-op threads 2',
    );
    expect(
      describePeerReport(
        '{"onnxruntime_session": "model_optimized.onnx", "intra_op_threads": 2, "inter_op_threads": 1}',
      ),
    ).toBe('ONNX Runtime intra-op threads 2, inter-op 1 (model_optimized.onnx)');
    expect(
      describePeerReport('{"args": ["v2", "--engine", "torch", "--port", "4242", "--log-level", "warning"]}'),
    ).toBe('infinity_emb v2 --engine torch --log-level warning');
    expect(describePeerReport('not json')).toBe('not json');
  });
});

describe('replicasFromMetrics', () => {
  it("reads the model's alive replicas from Prometheus text", () => {
    const text = [
      '# HELP akidb_model_replicas Session replicas',
      'akidb_model_replicas{model="other",state="alive"} 4',
      'akidb_model_replicas{model="all-minilm-l6-v2",state="restarting"} 1',
      'akidb_model_replicas{model="all-minilm-l6-v2",state="alive"} 2',
    ].join('\n');
    expect(replicasFromMetrics(text, 'all-minilm-l6-v2')).toBe(2);
    expect(replicasFromMetrics('', 'all-minilm-l6-v2')).toBeNull();
  });
});
