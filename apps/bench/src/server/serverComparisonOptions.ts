import type { BenchOptions } from '../args.js';
import { defaultStsbFile, loadServerTexts } from '../corpus/loadServerTexts.js';
import type { ServerContenderId } from '../report/serverReportTypes.js';
import type { ServerComparisonOptions } from './runServerComparison.js';

/**
 * Server mode of the full bench as a server comparison: AkiDB's server with batching on and off
 * (plus Infinity with `--server-peers`), single-text clients at `--concurrency` and 4 × 32, on
 * STS-B when present. The model is filled in once the first model has been measured.
 *
 * @example
 * const server = await serverComparisonOptions(options, resolveAkidbHome());
 */
export async function serverComparisonOptions(
  options: BenchOptions,
  home: string,
): Promise<ServerComparisonOptions> {
  const { texts, info } = await loadServerTexts(defaultStsbFile(home));
  const contenders: Exclude<ServerContenderId, 'url'>[] = ['oursBatching', 'oursNoBatching'];
  if (options.serverPeers) contenders.push('infinityTorch', 'infinityOnnx');
  return {
    home,
    model: 'all-minilm-l6-v2',
    texts,
    textsInfo: info,
    contenders,
    url: options.url,
    shapes: [
      ...options.concurrency.map((clients) => ({ clients, textsPerRequest: 1 })),
      { clients: 4, textsPerRequest: 32 },
    ],
    rounds: options.quick ? 1 : 2,
    warmupS: options.quick ? 0.5 : 2,
    durationS: options.durationS,
    threads: options.intraOpNumThreads,
    serverArgs: [],
    inProcess: true,
    inProcessConcurrency: null,
    timeoutMs: 30_000,
  };
}
