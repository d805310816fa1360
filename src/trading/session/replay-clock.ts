import { setTimeout as sleep } from 'node:timers/promises';
import type { BarColumns } from '../../core/bar-series.js';
import { type Timeline, mergeTimeline } from '../../engine/timeline.js';
import type { BarEvent, SessionClock } from './session-clock.js';

/**
 * Stored history replayed in close-time order across symbols, at `speed` times wall time (bar
 * time passes that many times faster) or as fast as possible ('max').
 */
export class ReplayClock implements SessionClock {
  readonly total: number;
  private readonly tl: Timeline;
  private e = 0;
  private paced: { wall: number; time: number } | null = null;
  private readonly event: BarEvent = { s: 0, i: 0, point: 0, time: 0 };

  constructor(
    private readonly bars: readonly BarColumns[],
    private readonly speed: number | 'max',
  ) {
    this.tl = mergeTimeline(bars);
    this.total = this.tl.events;
  }

  /** Bars given so far. */
  get done(): number {
    return this.e;
  }

  next(catchingUp: boolean): BarEvent | 'wait' | 'end' {
    const { tl, e } = this;
    if (e >= tl.events) return 'end';
    const s = tl.symbol === null ? 0 : tl.symbol[e];
    const i = tl.bar === null ? e : tl.bar[e];
    const time = this.bars[s].time[i];
    if (!catchingUp && this.speed !== 'max') {
      this.paced ??= { wall: Date.now(), time };
      if (Date.now() < this.due(time)) return 'wait';
    }
    this.e++;
    const ev = this.event;
    ev.s = s;
    ev.i = i;
    ev.point = tl.point === null ? e : tl.point[e];
    ev.time = time;
    return ev;
  }

  async wait(ms: number, stop: AbortSignal): Promise<void> {
    const { tl, e } = this;
    const left = e < tl.events && this.paced ? this.due(tl.times[tl.point === null ? e : tl.point[e]]) - Date.now() : ms;
    if (left > 0) await sleep(Math.min(ms, left), undefined, { signal: stop }).catch(() => undefined);
  }

  resetPace(): void {
    this.paced = null;
  }

  pointTimes(): Float64Array {
    return this.tl.times;
  }

  private due(time: number): number {
    const p = this.paced!;
    return p.wall + (time - p.time) / (this.speed as number);
  }
}
