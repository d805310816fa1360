/** One bar for the kernel: bar `i` of symbol `s`, closing at `time`, in equity point `point`. */
export interface BarEvent {
  s: number;
  i: number;
  point: number;
  time: number;
}

/**
 * Where a session's bars come from and when: stored history on a replay clock, or a live
 * feed. `next` never blocks: it gives the bar that is due, says to wait, or says the bars ended.
 */
export interface SessionClock {
  /** Bars in the whole session, when known (a replay); null for a live feed. */
  readonly total: number | null;
  /** `catchingUp`: the re-run after a restart, which takes bars as fast as it can. */
  next(catchingUp: boolean): BarEvent | 'wait' | 'end';
  /** Waits until a bar may be due, at most `ms`. */
  wait(ms: number, stop: AbortSignal): Promise<void>;
  /** After a pause (a wait for a person), the clock goes on from now instead of racing to catch up. */
  resetPace(): void;
  /** Close time of each equity point so far. */
  pointTimes(): Float64Array;
  /** Stops a live feed. */
  close?(): Promise<void>;
}
