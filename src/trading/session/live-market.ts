import type { BarColumns } from '../../core/bar-series.js';
import { SextantError } from '../../core/errors.js';
import type { MarketData } from '../../backtest/market-data.js';
import type { FeedBar } from '../feeds/feed.js';
import { liveBarProblem, timeText } from './live-bar-check.js';
import { LiveFeatures } from './live-features.js';

/** Where an appended bar went: symbol index and bar index in `data.bars[s]`. */
export interface LivePlace {
  s: number;
  i: number;
}

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** The history followed by room for `capacity` bars: times +Infinity (so binary searches stay right), prices NaN. */
function withRoom(history: BarColumns, capacity: number): BarColumns {
  const n = history.time.length;
  const room = (col: Float64Array, pad: number) => {
    const a = new Float64Array(n + capacity);
    a.set(col);
    return a.fill(pad, n);
  };
  return {
    time: room(history.time, Infinity),
    open: room(history.open, NaN),
    high: room(history.high, NaN),
    low: room(history.low, NaN),
    close: room(history.close, NaN),
    volume: room(history.volume, NaN),
    adjClose: null,
  };
}

function view(full: BarColumns, from: number, length: number): BarColumns {
  const cut = (col: Float64Array) => col.subarray(from, from + length);
  return { time: cut(full.time), open: cut(full.open), high: cut(full.high), low: cut(full.low), close: cut(full.close), volume: cut(full.volume), adjClose: null };
}

/**
 * The market of a live session: stored history (it warms features up) followed by bars that
 * arrive while the kernel runs. `data` has the shape of a backtest's MarketData, so the Engine
 * and the SimulatedBroker read it as they read history; its arrays are allocated once for
 * `capacity` live bars per symbol and never move (the kernel keeps references to them), the
 * room not yet filled padded with time +Infinity and NaN prices. `data.bars[s]` is the live range
 * (index i there is the i-th live bar), `data.start[s]` the history length. Adjusted closes are
 * not kept (feeds do not send them and no feature reads them). `data.dataHash` is the history's:
 * live sessions do not record runs.
 *
 * Bars of one close time should be appended together (`appendAll`) before any of them is
 * stepped: a cross-asset feature then sees its reference's bar of the same close, as the
 * backtest does. A bar appended alone sees the reference bars held at that moment.
 */
export class LiveMarket {
  readonly data: MarketData;
  readonly capacity: number;
  private readonly index: Map<string, number>;
  private readonly counts: Int32Array;
  /** Close time of each symbol's latest bar (-Infinity before any). */
  private readonly last: Float64Array;
  private readonly feats: LiveFeatures;

  constructor(history: MarketData, timezone: string, capacity = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new SextantError('OPTION_INVALID', `live market capacity is ${capacity}, expected a whole number of bars ≥ 1`, { capacity });
    }
    this.capacity = capacity;
    const symbols = [...history.symbols];
    const full = history.full.map((h) => withRoom(h, capacity));
    const start = history.full.map((h) => h.time.length);
    this.data = {
      symbols,
      interval: history.interval,
      assetClass: history.assetClass,
      lotSizes: [...history.lotSizes],
      full,
      start,
      bars: full.map((f, s) => view(f, start[s], capacity)),
      dataHash: history.dataHash,
    };
    this.index = new Map(symbols.map((sym, s) => [sym, s]));
    this.counts = new Int32Array(symbols.length);
    this.last = Float64Array.from(history.full, (h) => (h.time.length > 0 ? h.time[h.time.length - 1] : -Infinity));
    this.feats = new LiveFeatures(symbols, full, start, this.counts, capacity, { interval: history.interval, timezone });
  }

  /** Feature columns by name, per symbol, aligned with `data.bars[s]` (the FeatureSource contract), filled as bars arrive. */
  features(name: string): Float64Array[] {
    return this.feats.columns(name);
  }

  /** Close time of the latest bar of symbol `s` held (history or live; -Infinity before any). */
  lastTime(s: number): number {
    return this.last[s];
  }

  /** Live bars of symbol `s` held so far. */
  count(s: number): number {
    return this.counts[s];
  }

  /** Takes one bar: its features are computed at once. */
  append(bar: FeedBar): LivePlace {
    const s = this.symbolOf(bar);
    const problem = liveBarProblem(bar, this.last[s], this.counts[s], this.capacity);
    if (problem) throw problem;
    const i = this.store(s, bar);
    this.feats.onBar(s, this.data.start[s] + i);
    return { s, i };
  }

  /**
   * Takes several bars (usually one close time of several symbols): all are checked first (none
   * is taken if one is refused), then stored, then their features computed in the order given.
   */
  appendAll(bars: readonly FeedBar[]): LivePlace[] {
    const last = Float64Array.from(this.last);
    const counts = Int32Array.from(this.counts);
    const symbols = bars.map((bar) => {
      const s = this.symbolOf(bar);
      const problem = liveBarProblem(bar, last[s], counts[s], this.capacity);
      if (problem) throw problem;
      last[s] = bar.time;
      counts[s]++;
      return s;
    });
    const places = bars.map((bar, k) => ({ s: symbols[k], i: this.store(symbols[k], bar) }));
    for (const { s, i } of places) this.feats.onBar(s, this.data.start[s] + i);
    return places;
  }

  private symbolOf(bar: FeedBar): number {
    const s = this.index.get(bar.symbol);
    if (s === undefined) {
      throw new SextantError('LIVE_BAR_UNKNOWN_SYMBOL', `bar for ${bar.symbol} at ${timeText(bar.time)}: the session trades ${this.data.symbols.join(', ')}`, {
        symbol: bar.symbol,
        time: bar.time,
        symbols: this.data.symbols,
      });
    }
    return s;
  }

  /** Writes the bar after the symbol's latest one; returns its live index. */
  private store(s: number, bar: FeedBar): number {
    const i = this.counts[s];
    const full = this.data.full[s];
    const k = this.data.start[s] + i;
    for (const c of COLUMNS) full[c][k] = bar[c];
    this.counts[s] = i + 1;
    this.last[s] = bar.time;
    return i;
  }
}
