import type { AssetClass } from '../../core/instrument.js';
import { HOUR_MS, intervalMs, type Interval } from '../../core/interval.js';

/** Trading days per year: exchange days for equities and futures, weekdays for forex (24/5), every day for crypto. */
const DAYS_PER_YEAR: Record<AssetClass, number> = { equity: 252, future: 252, forex: 260, crypto: 365 };

/**
 * Hours per trading day that produce bars: the 6.5-hour US cash session for equities, the
 * whole day otherwise. Futures are taken as 24 h (Globex trades ~23 h a day; the hour lost to
 * the daily halt is not worth a per-venue table here).
 */
const SESSION_HOURS: Record<AssetClass, number> = { equity: 6.5, future: 24, forex: 24, crypto: 24 };

/**
 * The annualisation factor A: bars per year for an interval and asset class. Intraday it is
 * days/year × session hours / interval hours, a nominal count (a 6.5-hour session touches two
 * or three epoch-aligned 4h bars, not 1.625), which is what annualising needs.
 */
export function periodsPerYear(interval: Interval, assetClass: AssetClass): number {
  if (interval === '1mo') return 12;
  if (interval === '1w') return 52;
  const days = DAYS_PER_YEAR[assetClass];
  if (interval === '1d') return days;
  return (days * SESSION_HOURS[assetClass] * HOUR_MS) / intervalMs(interval);
}
