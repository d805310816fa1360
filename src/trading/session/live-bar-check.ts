import { SextantError } from '../../core/errors.js';
import { isoTime } from '../risk/format.js';
import type { FeedBar } from '../feeds/feed.js';

const PRICES = ['open', 'high', 'low', 'close'] as const;

/** The largest |epoch ms| a Date holds. */
const MAX_TIME = 8.64e15;

/** A close time as ISO text, or as the number it is when it is not a time at all. */
export function timeText(t: number): string {
  return Math.abs(t) <= MAX_TIME ? isoTime(t) : String(t);
}

/**
 * Why a live bar cannot be taken, as an error naming the symbol and the times (null: it can).
 * `previous` is the close time of the symbol's latest bar (-Infinity before any), `held` how
 * many live bars the symbol already has, `capacity` how many it may have.
 */
export function liveBarProblem(bar: FeedBar, previous: number, held: number, capacity: number): SextantError | null {
  const { symbol, time } = bar;
  if (!(Math.abs(time) <= MAX_TIME)) return new SextantError('LIVE_BAR_INVALID', `${symbol} bar: time is ${time}, expected a close time in epoch milliseconds`, { symbol, time });
  for (const field of PRICES) {
    const v = bar[field];
    if (!(v > 0 && v < Infinity)) {
      return new SextantError('LIVE_BAR_INVALID', `${symbol} bar at ${isoTime(time)}: ${field} is ${v}, expected a finite price > 0`, { symbol, time, field, value: v });
    }
  }
  if (!(bar.volume >= 0 && bar.volume < Infinity)) {
    return new SextantError('LIVE_BAR_INVALID', `${symbol} bar at ${isoTime(time)}: volume is ${bar.volume}, expected a finite number ≥ 0`, { symbol, time, field: 'volume', value: bar.volume });
  }
  if (!(time > previous)) {
    const what = time === previous ? 'a duplicate of' : 'before';
    return new SextantError('LIVE_BAR_OUT_OF_ORDER', `${symbol} bar at ${isoTime(time)} is ${what} the previous ${symbol} bar at ${timeText(previous)}; each bar must close after the one before it`, {
      symbol,
      time,
      previous,
    });
  }
  if (held >= capacity) {
    return new SextantError('LIVE_CAPACITY_FULL', `${symbol} bar at ${isoTime(time)}: the session already holds its ${capacity} live bars of ${symbol}; restart the session to continue (the stored history warms it up again)`, {
      symbol,
      time,
      capacity,
    });
  }
  return null;
}
