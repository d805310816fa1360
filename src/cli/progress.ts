import cliProgress from 'cli-progress';
import { type ProgressFn, noProgress } from '../core/progress.js';

/**
 * A progress bar on stderr, drawn only for a person at a terminal: never with --json, never
 * when stderr is a file or a pipe (so logs and CI output stay clean).
 */
export function terminalProgress(enabled: boolean): { report: ProgressFn; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { report: noProgress, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{phase} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  return {
    report(p, done, total) {
      if (p !== phase) {
        if (phase) bar.stop();
        phase = p;
        bar.start(total, done, { phase: p });
      } else {
        bar.update(done, { phase: p });
      }
    },
    stop() {
      if (phase) bar.stop();
    },
  };
}
