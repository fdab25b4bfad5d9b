/** Reports how far a run has got. */
export interface Progress {
  /** Adds `units` of planned work. */
  plan(units: number): void;
  /** Marks `units` of work done; `label` says what runs now. */
  advance(units: number, label: string): void;
  /** Updates the label without advancing. */
  status(label: string): void;
  /** Clears the bar. */
  done(): void;
}

const WIDTH = 28;

/**
 * A one-line progress bar on stderr, redrawn in place; silent when stderr is not a terminal (CI,
 * pipes, the quick test), so logs stay clean.
 *
 * @example
 * const progress = createProgress(process.stderr);
 * progress.plan(10);
 * progress.advance(1, 'all-minilm-l6-v2 · batch 8 · short');
 */
export function createProgress(stream: NodeJS.WriteStream): Progress {
  const enabled = stream.isTTY === true;
  const startedAt = performance.now();
  let total = 0;
  let completed = 0;
  let label = '';
  const draw = (): void => {
    if (!enabled) return;
    const fraction = total === 0 ? 0 : Math.min(1, completed / total);
    const filled = Math.round(fraction * WIDTH);
    const elapsedS = (performance.now() - startedAt) / 1000;
    const eta = fraction > 0.02 ? formatSeconds((elapsedS / fraction) * (1 - fraction)) : '?';
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const line = `${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${formatSeconds(elapsedS)} eta ${eta}  ${label}`;
    const columns = stream.columns ?? 100;
    stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
  };
  return {
    plan(units) {
      total += units;
      draw();
    },
    advance(units, next) {
      completed += units;
      label = next;
      draw();
    },
    status(next) {
      label = next;
      draw();
    },
    done() {
      if (enabled) stream.write('\r\x1b[2K');
    },
  };
}

function formatSeconds(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
}
