import { DAY_MS } from '../../core/interval.js';
import type { AssetClass } from '../../core/instrument.js';
import { TimeZone } from '../../core/timezone.js';

const NEW_YORK = new TimeZone('America/New_York');

/**
 * The trading day (a day number) a moment belongs to: the New York date for US equities (their
 * sessions, and day orders, end at 16:00 there), the UTC date for markets that trade around the
 * clock.
 */
export function tradingDayOf(assetClass: AssetClass): (time: number) => number {
  if (assetClass !== 'equity') return (t) => Math.floor(t / DAY_MS);
  return (t) => Math.floor((t + NEW_YORK.offsetAt(t)) / DAY_MS);
}
