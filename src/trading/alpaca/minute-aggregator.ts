import { type Interval, MINUTE_MS, periodEnd } from '../../core/interval.js';
import type { FeedBar } from '../feeds/feed.js';

/**
 * Bars of an intraday interval built from the stream's minute bars (all stamped at their close).
 * A period comes out when its last minute arrives, or — since Alpaca sends no bar for a minute
 * without trades — when a minute of a later period arrives. For 1m every bar passes straight
 * through. Minutes must come in time order (the feed drops repeats before they get here).
 */
export class MinuteAggregator {
  private current: FeedBar | null = null;

  constructor(private readonly interval: Interval) {}

  push(minute: FeedBar, emit: (bar: FeedBar) => void): void {
    const end = periodEnd(minute.time - MINUTE_MS, this.interval);
    const cur = this.current;
    if (cur && cur.time !== end) {
      emit(cur);
      this.current = null;
    }
    if (!this.current) {
      this.current = { ...minute, time: end };
    } else {
      const c = this.current;
      if (minute.high > c.high) c.high = minute.high;
      if (minute.low < c.low) c.low = minute.low;
      c.close = minute.close;
      c.volume += minute.volume;
    }
    if (minute.time === end) {
      emit(this.current);
      this.current = null;
    }
  }
}
