import { createHash } from 'node:crypto';
import type { BarColumns, BarSeries } from '../core/bar-series.js';
import type { AssetClass } from '../core/instrument.js';
import type { Interval } from '../core/interval.js';

/**
 * The bars a run trades: for each symbol the whole stored history (features warm up on it) and
 * the sub-range the run covers, as zero-copy views.
 */
export interface MarketData {
  symbols: string[];
  interval: Interval;
  assetClass: AssetClass;
  lotSizes: number[];
  full: BarColumns[];
  /** Index in `full` of the first bar of the range, per symbol. */
  start: number[];
  bars: BarColumns[];
  /** SHA-256 of the range's bars, so a recorded run names exactly the data it used. */
  dataHash: string;
}

function hashBars(symbols: readonly string[], bars: readonly BarColumns[]): string {
  const h = createHash('sha256');
  bars.forEach((b, s) => {
    h.update(symbols[s]);
    for (const col of [b.time, b.open, b.high, b.low, b.close, b.volume]) h.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  });
  return h.digest('hex');
}

/** Builds MarketData from full series and a close-time range [from, to]. */
export function marketData(series: readonly BarSeries[], assetClass: AssetClass, lotSizes: number[], from: number | null, to: number | null): MarketData {
  const start: number[] = [];
  const bars = series.map((s) => {
    const a = s.lowerBound(from ?? -Infinity);
    start.push(a);
    return s.slice(a, to === null ? s.length : s.lowerBound(to + 1));
  });
  const symbols = series.map((s) => s.symbol);
  return { symbols, interval: series[0].interval, assetClass, lotSizes, full: [...series], start, bars, dataHash: hashBars(symbols, bars) };
}
