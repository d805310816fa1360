import type { Interval } from './interval.js';

/** The price and volume columns every bar has. */
export const BAR_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

export interface BarColumns {
  /** Close time of each bar, UTC epoch ms, strictly increasing. */
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Dividend/split-adjusted close when the source had one; NaN where unknown. */
  adjClose: Float64Array | null;
}

/** Index of the first value >= x in an increasing array (binary search). */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Copies bar i of `from` to position k of `to`; an adjusted close `from` lacks is NaN. */
export function copyBar(from: BarColumns, i: number, to: BarColumns, k: number): void {
  to.time[k] = from.time[i];
  to.open[k] = from.open[i];
  to.high[k] = from.high[i];
  to.low[k] = from.low[i];
  to.close[k] = from.close[i];
  to.volume[k] = from.volume[i];
  if (to.adjClose) to.adjClose[k] = from.adjClose ? from.adjClose[i] : NaN;
}

/**
 * A columnar series of bars for one symbol and interval. Columns are typed arrays of equal
 * length so indicator kernels and the backtest kernel run over them without allocation.
 */
export class BarSeries implements BarColumns {
  readonly symbol: string;
  readonly interval: Interval;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly adjClose: Float64Array | null;

  constructor(symbol: string, interval: Interval, columns: BarColumns) {
    const n = columns.time.length;
    for (const f of BAR_FIELDS) {
      if (columns[f].length !== n) throw new RangeError(`column ${f} has ${columns[f].length} values, time has ${n}`);
    }
    if (columns.adjClose && columns.adjClose.length !== n) throw new RangeError(`column adjClose has ${columns.adjClose.length} values, time has ${n}`);
    this.symbol = symbol;
    this.interval = interval;
    this.time = columns.time;
    this.open = columns.open;
    this.high = columns.high;
    this.low = columns.low;
    this.close = columns.close;
    this.volume = columns.volume;
    this.adjClose = columns.adjClose;
  }

  static empty(symbol: string, interval: Interval, length = 0, withAdjClose = false): BarSeries {
    return new BarSeries(symbol, interval, {
      time: new Float64Array(length),
      open: new Float64Array(length),
      high: new Float64Array(length),
      low: new Float64Array(length),
      close: new Float64Array(length),
      volume: new Float64Array(length),
      adjClose: withAdjClose ? new Float64Array(length) : null,
    });
  }

  get length(): number {
    return this.time.length;
  }

  /** Index of the first bar whose time is >= t. */
  lowerBound(t: number): number {
    return lowerBound(this.time, t);
  }

  /** A copy with room for `length` bars: the first bars copied, any extra zero. */
  resized(length: number): BarSeries {
    const out = BarSeries.empty(this.symbol, this.interval, length, this.adjClose !== null);
    const n = Math.min(length, this.length);
    out.time.set(this.time.subarray(0, n));
    for (const f of BAR_FIELDS) out[f].set(this[f].subarray(0, n));
    if (out.adjClose && this.adjClose) out.adjClose.set(this.adjClose.subarray(0, n));
    return out;
  }

  /** Bars [start, end) as views sharing memory with this series. */
  slice(start: number, end = this.length): BarSeries {
    return new BarSeries(this.symbol, this.interval, {
      time: this.time.subarray(start, end),
      open: this.open.subarray(start, end),
      high: this.high.subarray(start, end),
      low: this.low.subarray(start, end),
      close: this.close.subarray(start, end),
      volume: this.volume.subarray(start, end),
      adjClose: this.adjClose ? this.adjClose.subarray(start, end) : null,
    });
  }

  /** Bars whose close time lies in [from, to]. */
  between(from = -Infinity, to = Infinity): BarSeries {
    return this.slice(this.lowerBound(from), this.lowerBound(to + 1));
  }
}
