/**
 * Progress bars for steps that take over a second: drawn on stderr only when it is a terminal and
 * the caller is not in --json mode, and only once the job has run for `delayMs` (so quick jobs stay
 * quiet). Wraps cli-progress.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(step: string, done: number, total: number): void;
  stop(): void;
}

/** A progress reporter; silent when stderr is not a TTY or `enabled` is false. */
export function createProgress(label: string, enabled = true, delayMs = 1000): Progress {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(step, done, total) {
      if (!bar) {
        if (Date.now() - started < delayMs) return;
        bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} {step}`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done, { step });
      }
      bar.setTotal(total);
      bar.update(done, { step });
    },
    stop() {
      bar?.stop();
    },
  };
}
