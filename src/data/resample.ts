import { BarSeries } from '../core/bar-series.js';
import { SextantError } from '../core/errors.js';
import { DAY_MS, type Interval, isWholeMultiple, periodEnd } from '../core/interval.js';

export interface ResampleResult {
  bars: BarSeries;
  /** Whether an incomplete last bar was dropped (or kept, with keepPartial). */
  partialLast: boolean;
}

/**
 * Aggregates bars into a coarser interval: open = first, high = max, low = min, close = last,
 * volume = sum, adjusted close = last. Each source bar goes to the target period that contains
 * it (periods aligned to interval boundaries in UTC). The last target bar is partial when the
 * source ends before that period's close; it is dropped unless `keepPartial`. Markets other
 * than crypto are closed at weekends, so a week or month whose data ends on the Friday is
 * complete. (Without exchange calendars, a session that ends before midnight leaves its day
 * open: resampling to 1d drops the last day unless `keepPartial`. Days roll at 00:00 UTC, so
 * FX hours become Sunday-to-Friday days, not the 17:00 New York roll; and a first period the
 * data starts inside is kept, built from the bars there are.)
 */
export function resample(src: BarSeries, to: Interval, opts: { keepPartial?: boolean; weekendsClosed?: boolean } = {}): ResampleResult {
  if (!isWholeMultiple(src.interval, to)) {
    throw new SextantError('RESAMPLE_INVALID', `cannot resample ${src.interval} to ${to}: the target must be a whole multiple of the source interval (e.g. 1m→5m, 1h→1d, 1d→1w)`, {
      from: src.interval,
      to,
    });
  }
  const n = src.length;
  const out = BarSeries.empty(src.symbol, to, n, src.adjClose !== null);
  let k = -1;
  let bucket = -Infinity;
  for (let i = 0; i < n; i++) {
    // A bar closing exactly on a boundary belongs to the period that ends there.
    const b = periodEnd(src.time[i] - 1, to);
    if (b !== bucket) {
      k++;
      bucket = b;
      out.time[k] = b;
      out.open[k] = src.open[i];
      out.high[k] = src.high[i];
      out.low[k] = src.low[i];
      out.volume[k] = 0;
    }
    if (src.high[i] > out.high[k]) out.high[k] = src.high[i];
    if (src.low[i] < out.low[k]) out.low[k] = src.low[i];
    out.close[k] = src.close[i];
    out.volume[k] += src.volume[i];
    if (out.adjClose && src.adjClose) out.adjClose[k] = src.adjClose[i];
  }
  let count = k + 1;
  const partialLast = count > 0 && !periodComplete(src.time[n - 1], out.time[count - 1], opts.weekendsClosed ?? false);
  if (partialLast && !opts.keepPartial) count--;
  return { bars: out.slice(0, count), partialLast };
}

/** Whether data that stops at `lastClose` has seen all of the period that closes at `periodClose`. */
function periodComplete(lastClose: number, periodClose: number, weekendsClosed: boolean): boolean {
  if (lastClose === periodClose) return true;
  if (!weekendsClosed) return false;
  const day = Math.floor(lastClose / DAY_MS);
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday, 6 = Saturday
  const weekendEnd = weekday === 6 ? (day + 2) * DAY_MS : weekday === 0 ? (day + 1) * DAY_MS : -Infinity;
  return periodClose <= weekendEnd;
}
