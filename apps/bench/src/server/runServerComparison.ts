import type { Progress } from '../progress.js';
import type {
  InProcessYardstick,
  LoadShape,
  ServerComparison,
  ServerContenderId,
  ServerContenderResult,
  ServerTexts,
} from '../report/serverReportTypes.js';
import { aggregateLevel, latencyOf, type MeasuredRound, shapeLabel } from './aggregateLevel.js';
import { checkEqualWork, EQUAL_WORK_MIN_COSINE } from './checkEqualWork.js';
import { CONTENDER_NAMES } from './contenderNames.js';
import { BATCHING_CHECK_CLIENTS, evaluateServerChecks } from './evaluateServerChecks.js';
import {
  type InProcessRound,
  inProcessVectors,
  measureInProcess,
  type ThroughputWindow,
} from './measureInProcess.js';
import { readPeerSetup } from './readPeerSetup.js';
import { type ServerHandle, startContender } from './startContender.js';
import { startLoadGenerator } from './startLoadGenerator.js';

/** Route every contender is driven through: OpenAI-shaped, the same body for all. */
export const ROUTE = '/v1/embeddings';
const CHECK_TEXTS = 16;
const IN_PROCESS = 'inProcess';

/** What the server comparison runs. */
export interface ServerComparisonOptions {
  home: string;
  model: string;
  texts: readonly string[];
  textsInfo: ServerTexts;
  /** Contenders the bench starts, in round-1 order. Ignored with `url`. */
  contenders: readonly Exclude<ServerContenderId, 'url'>[];
  /** Drive this server instead (no server CPU: the bench does not know its pid). */
  url: string | null;
  shapes: readonly LoadShape[];
  rounds: number;
  warmupS: number;
  durationS: number;
  threads: number;
  /** Extra flags for AkiDB's server (e.g. `--replicas=2`). */
  serverArgs: readonly string[];
  inProcess: boolean;
  inProcessConcurrency: number | null;
  timeoutMs: number;
}

/** Progress units of a comparison. */
export function comparisonUnits(options: ServerComparisonOptions): number {
  const contenders = options.url ? 1 : options.contenders.length;
  return options.rounds * (contenders * options.shapes.length + (options.inProcess ? 1 : 0));
}

interface ContenderState {
  result: ServerContenderResult;
  measured: MeasuredRound[][];
}

/**
 * The server comparison: every contender under the same load generator (its own process), in
 * rounds whose order alternates (forward, then reversed), with AkiDB in-process as one more entry
 * of each round. Each contender is started, checked for equal work on its first start, driven at
 * every load shape after a warm-up, and stopped; only one server runs at a time.
 *
 * @example
 * const comparison = await runServerComparison(options, progress);
 */
export async function runServerComparison(
  options: ServerComparisonOptions,
  progress: Progress,
): Promise<ServerComparison> {
  const notes: string[] = [];
  const ids: ServerContenderId[] = options.url ? ['url'] : [...options.contenders];
  const states = new Map<ServerContenderId, ContenderState>(
    ids.map((id) => [id, { result: emptyResult(id), measured: options.shapes.map(() => []) }]),
  );
  if (ids.some((id) => id === 'infinityTorch' || id === 'infinityOnnx')) {
    const setup = await readPeerSetup(options.home, options.model);
    for (const id of ['infinityTorch', 'infinityOnnx'] as const) {
      const state = states.get(id);
      if (!state) continue;
      if (typeof setup === 'string') skip(state, setup);
      else state.result.settings.push(...infinitySettings(setup.packages, id));
    }
  }
  progress.status('server · in-process reference vectors');
  const checkTexts = options.texts.slice(0, CHECK_TEXTS);
  const reference = await inProcessVectors(options.home, options.model, checkTexts, options.threads);
  const entries = [...ids, ...(options.inProcess ? [IN_PROCESS] : [])];
  const orders: string[][] = [];
  const inProcessRounds: InProcessRound[] = [];
  const generator = startLoadGenerator();
  try {
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? entries : [...entries].reverse();
      orders.push(order);
      for (const entry of order) {
        if (entry === IN_PROCESS) {
          progress.status(`server · round ${round + 1} · AkiDB in-process`);
          inProcessRounds.push(
            await measureInProcess({
              home: options.home,
              model: options.model,
              texts: options.texts,
              threads: options.threads,
              warmupS: options.warmupS,
              batch1S: Math.min(options.durationS, 5),
              batch32S: options.durationS,
              concurrency: options.inProcessConcurrency,
              singleTextCallers: BATCHING_CHECK_CLIENTS,
              singleTextS: options.durationS,
              offFirst: round % 2 === 1,
            }),
          );
          progress.advance(1, `server · round ${round + 1} · in-process done`);
          continue;
        }
        const state = states.get(entry as ServerContenderId) as ContenderState;
        if (state.result.status !== 'measured') {
          progress.advance(options.shapes.length, `server · ${state.result.label} skipped`);
          continue;
        }
        await runContenderRound(state, round, options, reference, checkTexts, generator, progress);
      }
    }
  } finally {
    await generator.close();
  }
  const contenders = ids.map((id) => finish(states.get(id) as ContenderState, options.shapes));
  const inProcess = inProcessRounds.length > 0 ? summarizeInProcess(inProcessRounds, options.threads) : null;
  if (options.textsInfo.source === 'generated') {
    notes.push(
      `STS-B was not found, so the texts are the bench's generated corpus (${options.textsInfo.file}).`,
    );
  }
  for (const contender of contenders) {
    if (contender.status === 'skipped') notes.push(`${contender.label} skipped: ${contender.reason}`);
    if (contender.status === 'failed') notes.push(`${contender.label} failed: ${contender.reason}`);
    if (contender.status === 'mismatch') notes.push(`${contender.label} not timed: ${contender.reason}`);
  }
  return {
    model: options.model,
    route: `POST ${ROUTE}`,
    texts: options.textsInfo,
    rounds: options.rounds,
    warmupS: options.warmupS,
    durationS: options.durationS,
    shapes: [...options.shapes],
    threads: options.threads,
    orders,
    loadGenerator:
      'undici Pool in its own Node process: closed-loop clients, one request in flight each, keep-alive',
    contenders,
    inProcess,
    checks: evaluateServerChecks(contenders, inProcess),
    notes,
  };
}

async function runContenderRound(
  state: ContenderState,
  round: number,
  options: ServerComparisonOptions,
  reference: readonly Float32Array[],
  checkTexts: readonly string[],
  generator: ReturnType<typeof startLoadGenerator>,
  progress: Progress,
): Promise<void> {
  const label = state.result.label;
  progress.status(`server · round ${round + 1} · ${label} · starting`);
  let server: ServerHandle;
  try {
    server = await startContender(state.result.id, options);
  } catch (error) {
    fail(state, 'failed', `did not start: ${describe(error)}`);
    progress.advance(options.shapes.length, `server · ${label} failed`);
    return;
  }
  try {
    state.result.startupS.push(server.startupS);
    if (round === 0 || state.result.minCosine === null) {
      const cosine = await checkEqualWork(server.url, ROUTE, options.model, checkTexts, reference);
      state.result.minCosine = cosine;
      if (cosine < EQUAL_WORK_MIN_COSINE) {
        fail(
          state,
          'mismatch',
          `least cosine ${cosine.toFixed(6)} against AkiDB in-process < ${EQUAL_WORK_MIN_COSINE}`,
        );
        progress.advance(options.shapes.length, `server · ${label} mismatch`);
        return;
      }
    }
    for (const [index, shape] of options.shapes.entries()) {
      progress.status(`server · round ${round + 1} · ${label} · ${shapeLabel(shape)}`);
      const result = await generator.drive({
        url: server.url,
        path: ROUTE,
        model: options.model,
        texts: options.texts,
        clients: shape.clients,
        textsPerRequest: shape.textsPerRequest,
        warmupS: options.warmupS,
        durationS: options.durationS,
        serverPid: server.pid,
        timeoutMs: options.timeoutMs,
      });
      state.measured[index]?.push({ round, result });
      progress.advance(1, `server · ${label} · ${shapeLabel(shape)} done`);
    }
    for (const line of server.reported()) {
      if (!state.result.settings.includes(line)) state.result.settings.push(line);
    }
  } catch (error) {
    fail(state, 'failed', describe(error));
  } finally {
    await server.stop();
  }
}

function emptyResult(id: ServerContenderId): ServerContenderResult {
  return {
    id,
    label: CONTENDER_NAMES[id],
    status: 'measured',
    reason: null,
    settings: [],
    minCosine: null,
    startupS: [],
    levels: [],
  };
}

function infinitySettings(packages: Record<string, string>, id: 'infinityTorch' | 'infinityOnnx'): string[] {
  const version = (name: string): string => `${name} ${packages[name] ?? '?'}`;
  return id === 'infinityTorch'
    ? [
        `${version('infinity-emb')} --engine torch`,
        `${version('torch')}, ${version('sentence-transformers')}`,
      ]
    : [
        `${version('infinity-emb')} --engine optimum (its ORT-optimized copy of AkiDB's model.onnx)`,
        `${version('onnxruntime')}, ${version('optimum')}`,
      ];
}

function skip(state: ContenderState, reason: string): void {
  state.result.status = 'skipped';
  state.result.reason = reason;
}

function fail(state: ContenderState, status: 'failed' | 'mismatch', reason: string): void {
  state.result.status = status;
  state.result.reason = reason;
}

function finish(state: ContenderState, shapes: readonly LoadShape[]): ServerContenderResult {
  if (state.result.status !== 'measured') return state.result;
  const levels = shapes.map((shape, index) => aggregateLevel(shape, state.measured[index] ?? []));
  return { ...state.result, levels };
}

function summarizeInProcess(rounds: readonly InProcessRound[], threads: number): InProcessYardstick {
  const batch1 = rounds.flatMap((round) => round.batch1Ms);
  const latency = latencyOf(batch1);
  const calls = rounds.reduce((sum, round) => sum + round.batch32.calls, 0);
  const batch1Seconds = batch1.reduce((sum, ms) => sum + ms, 0) / 1000;
  const first = rounds[0] as InProcessRound;
  return {
    threads,
    concurrency: first.concurrency,
    concurrencySource: first.concurrencySource,
    batch1: {
      p50Ms: latency?.p50Ms ?? 0,
      p95Ms: latency?.p95Ms ?? 0,
      textsPerSecond: batch1Seconds > 0 ? batch1.length / batch1Seconds : 0,
      samples: batch1.length,
    },
    batch32: { textsPerSecond: pooledRate(rounds.map((round) => round.batch32)), calls },
    singleText: {
      callers: first.singleText.callers,
      onTextsPerSecond: pooledRate(rounds.map((round) => round.singleText.on)),
      offTextsPerSecond: pooledRate(rounds.map((round) => round.singleText.off)),
    },
    rounds: rounds.map((round, index) => ({
      round: index,
      batch1P50Ms: latencyOf(round.batch1Ms)?.p50Ms ?? 0,
      batch32TextsPerSecond: pooledRate([round.batch32]),
      singleTextOnTextsPerSecond: pooledRate([round.singleText.on]),
      singleTextOffTextsPerSecond: pooledRate([round.singleText.off]),
    })),
  };
}

/** Texts per second over windows taken together. */
function pooledRate(windows: readonly ThroughputWindow[]): number {
  const seconds = windows.reduce((sum, w) => sum + w.seconds, 0);
  return seconds > 0 ? windows.reduce((sum, w) => sum + w.texts, 0) / seconds : 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
