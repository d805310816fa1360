import type { BarColumns } from '../../core/bar-series.js';

/**
 * Moves a fill price against the trader: `side` +1 (buy) pays more, -1 (sell) receives less.
 * Models compose by adding their adverse moves.
 */
export type SlippageModel = (price: number, side: 1 | -1, bars: BarColumns, i: number) => number;

export const noSlippage: SlippageModel = (price) => price;

export function fixedBps(bps: number): SlippageModel {
  const f = bps / 10_000;
  return (price, side) => price * (1 + side * f);
}

/**
 * A fraction `k` of the previous bar's high-low range: costs grow with volatility. The previous
 * bar is used because the fill happens at the start of bar i, before its range is known.
 */
export function volatilityScaled(k: number): SlippageModel {
  return (price, side, bars, i) => (i > 0 ? price + side * k * (bars.high[i - 1] - bars.low[i - 1]) : price);
}

export function composeSlippage(models: readonly SlippageModel[]): SlippageModel {
  if (models.length === 0) return noSlippage;
  if (models.length === 1) return models[0];
  return (price, side, bars, i) => {
    let p = price;
    for (const m of models) p += m(price, side, bars, i) - price;
    return p;
  };
}
