import type { BarSeries } from '../core/bar-series.js';
import { SextantError } from '../core/errors.js';
import type { Interval } from '../core/interval.js';
import type { Store } from '../store/store.js';
import { type MarketData, marketData } from './market-data.js';

/** Every stored bar of the symbols, with their lot sizes and asset class (of the first symbol). */
export async function loadStoredSeries(store: Store, symbols: readonly string[], interval: Interval, why = "ingest them first (see 'sextant data list')") {
  const series: BarSeries[] = [];
  const lots: number[] = [];
  let assetClass = null;
  for (const symbol of symbols) {
    const bars = await store.loadBars(symbol, interval);
    const asset = await store.getAsset(symbol);
    if (!bars || !asset || bars.length === 0) {
      throw new SextantError('SERIES_NOT_FOUND', `no stored bars for ${symbol} ${interval}; ${why}`, { symbol, interval });
    }
    series.push(bars);
    lots.push(asset.lotSize);
    assetClass ??= asset.assetClass;
  }
  return { series, lots, assetClass: assetClass! };
}

/** Loads every symbol's stored history and cuts the run's range; refuses a range without bars. */
export async function loadMarketData(store: Store, symbols: readonly string[], interval: Interval, from: number | null, to: number | null): Promise<MarketData> {
  const { series, lots, assetClass } = await loadStoredSeries(store, symbols, interval);
  const data = marketData(series, assetClass, lots, from, to);
  data.bars.forEach((b, s) => {
    if (b.time.length === 0) {
      throw new SextantError('BACKTEST_NO_BARS', `${symbols[s]} ${interval} has no bars between ${from === null ? 'the start' : new Date(from).toISOString()} and ${to === null ? 'the end' : new Date(to).toISOString()}`, { symbol: symbols[s], from, to });
    }
  });
  return data;
}
