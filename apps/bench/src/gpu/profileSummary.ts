/** One event of ONNX Runtime's profile (Chrome trace format), as far as the summary reads it. */
export interface ProfileEvent {
  readonly cat?: string;
  readonly name?: string;
  readonly dur?: number;
  readonly args?: { readonly op_name?: string; readonly provider?: string };
}

/** Time per op type on one provider, summed over the profiled runs. */
export interface OpTime {
  readonly op: string;
  readonly provider: string;
  readonly calls: number;
  readonly ms: number;
}

/** What a profiled session spent its time on. */
export interface ProfileSummary {
  readonly runs: number;
  /** Wall time of `model_run` events, summed. */
  readonly runMs: number;
  /** Kernel time per provider, summed. For a GPU provider this is host-side dispatch time, not GPU time. */
  readonly kernelMsByProvider: Readonly<Record<string, number>>;
  /** The op types that took longest, at most `top` of them. */
  readonly topOps: readonly OpTime[];
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * Sums ORT's profile (`enableProfiling`) by provider and op type. Durations in the file are in
 * microseconds; the summary is in milliseconds.
 *
 * @example
 * summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), 10).kernelMsByProvider;
 */
export function summarizeProfile(events: readonly ProfileEvent[], top = 12): ProfileSummary {
  let runs = 0;
  let runUs = 0;
  const byProvider: Record<string, number> = {};
  const byOp = new Map<string, { op: string; provider: string; calls: number; us: number }>();
  for (const event of events) {
    const dur = event.dur ?? 0;
    if (event.cat === 'Session' && event.name === 'model_run') {
      runs += 1;
      runUs += dur;
      continue;
    }
    if (event.cat !== 'Node' || !event.name?.endsWith('_kernel_time')) continue;
    const provider = event.args?.provider ?? 'unknown';
    const op = event.args?.op_name ?? 'unknown';
    byProvider[provider] = (byProvider[provider] ?? 0) + dur;
    const key = `${provider}\u0000${op}`;
    const entry = byOp.get(key) ?? { op, provider, calls: 0, us: 0 };
    entry.calls += 1;
    entry.us += dur;
    byOp.set(key, entry);
  }
  const topOps = [...byOp.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map(({ op, provider, calls, us }) => ({ op, provider, calls, ms: round(us / 1000) }));
  const kernelMsByProvider = Object.fromEntries(
    Object.entries(byProvider).map(([provider, us]) => [provider, round(us / 1000)]),
  );
  return { runs, runMs: round(runUs / 1000), kernelMsByProvider, topOps };
}
