import type { BarColumns } from '../../core/bar-series.js';

/** The reference price a market order fills at on bar i, the first bar it may fill on. */
export type FillPriceModel = (bars: BarColumns, i: number) => number;

export const FILL_PRICES = ['next-open', 'next-close', 'vwap-proxy'] as const;
export type FillPriceName = (typeof FILL_PRICES)[number];

const nextOpen: FillPriceModel = (b, i) => b.open[i];
const nextClose: FillPriceModel = (b, i) => b.close[i];
/** Typical price (H+L+C)/3: the usual stand-in for a bar's VWAP when only OHLC is known. */
const vwapProxy: FillPriceModel = (b, i) => (b.high[i] + b.low[i] + b.close[i]) / 3;

export function fillPriceModel(name: FillPriceName): FillPriceModel {
  return name === 'next-open' ? nextOpen : name === 'next-close' ? nextClose : vwapProxy;
}
