import type { BenchModel } from '../models.js';
import { BareOrtContender } from '../peers/bareOrt.js';
import type { Contender, ContenderId, ThreadSettings } from '../peers/contender.js';
import { minCosine } from '../peers/cosine.js';
import { FastembedContender } from '../peers/fastembed.js';
import { OursContender } from '../peers/ours.js';
import { TransformersJsContender } from '../peers/transformersJs.js';
import type { PeerCheck } from '../report/reportTypes.js';

/** Least cosine against ours for a peer to count as doing the same work. */
export const MATCH_COSINE = 0.999;

/** Ours, plus the peers that loaded and passed the equal-work check. */
export interface LoadedContenders {
  ours: OursContender;
  bareOrt: BareOrtContender | undefined;
  /** Every timed peer, bare ORT included, in a fixed order. */
  peers: Contender[];
  checks: PeerCheck[];
}

/**
 * Loads ours and each requested peer on the same model file with the same threads, then embeds
 * `checkTexts` with all of them. A peer whose vectors are not within {@link MATCH_COSINE} of ours is
 * disposed and left out of the timings; its check says why.
 *
 * @example
 * const loaded = await loadContenders(model, ['bareOrt', 'transformersJs'], threads, texts);
 */
export async function loadContenders(
  model: BenchModel,
  wanted: readonly ContenderId[],
  threads: ThreadSettings,
  checkTexts: readonly string[],
  oursRunIn: 'worker' | 'main' | null = null,
): Promise<LoadedContenders> {
  const ours = await OursContender.load(model.dir, threads, oursRunIn);
  const reference = await ours.embed(checkTexts);
  const peers: Contender[] = [];
  const checks: PeerCheck[] = [];
  for (const id of wanted) {
    const started = performance.now();
    let peer: Contender;
    try {
      peer = await loadPeer(id, model, threads);
    } catch (error) {
      checks.push({ peer: id, status: 'failed', minCosine: null, reason: describe(error), loadMs: null });
      continue;
    }
    const loadMs = id === 'fastembed' ? (peer as FastembedContender).loadMs : performance.now() - started;
    const check = await checkPeer(peer, reference, checkTexts, loadMs);
    checks.push(check);
    if (check.status === 'match') peers.push(peer);
    else await peer.dispose();
  }
  const bareOrt = peers.find((peer): peer is BareOrtContender => peer instanceof BareOrtContender);
  return { ours, bareOrt, peers, checks };
}

function loadPeer(id: ContenderId, model: BenchModel, threads: ThreadSettings): Promise<Contender> {
  switch (id) {
    case 'bareOrt':
      return BareOrtContender.load(
        {
          modelPath: model.modelPath,
          tokenizerDir: model.dir,
          maxTokens: model.maxTokens,
          dimension: model.dimension,
        },
        threads,
      );
    case 'transformersJs':
      return TransformersJsContender.load(
        { id: model.id, modelDir: model.dir, modelPath: model.modelPath },
        threads,
      );
    case 'fastembed':
      return FastembedContender.load({
        modelDir: model.dir,
        modelFile: model.modelFile,
        maxLength: model.maxTokens,
      });
    case 'ours':
      throw new Error('ours is not a peer');
  }
}

async function checkPeer(
  peer: Contender,
  reference: readonly Float32Array[],
  texts: readonly string[],
  loadMs: number,
): Promise<PeerCheck> {
  try {
    const least = minCosine(reference, await peer.embed(texts));
    if (least >= MATCH_COSINE)
      return { peer: peer.id, status: 'match', minCosine: least, reason: null, loadMs };
    return { peer: peer.id, status: 'mismatch', minCosine: least, reason: mismatchReason(peer.id), loadMs };
  } catch (error) {
    return { peer: peer.id, status: 'failed', minCosine: null, reason: describe(error), loadMs };
  }
}

function mismatchReason(id: ContenderId): string {
  if (id === 'fastembed') {
    return (
      'fastembed-js 2.1 returns the first token (CLS) of last_hidden_state, normalised, for every model ' +
      '(it removed attention-mask pooling), while this model is mean-pooled; it also pads every text to ' +
      'maxLength. Its vectors are for different work, so it is not timed.'
    );
  }
  return `vectors differ from ours (cosine below ${MATCH_COSINE}); not timed`;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}
