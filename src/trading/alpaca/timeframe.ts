import { type Interval, intervalMs, isCalendarInterval, periodEnd } from '../../core/interval.js';

/** Alpaca's name for a Sextant interval: 1m → 1Min, 4h → 4Hour, 1d → 1Day, 1w → 1Week, 1mo → 1Month. */
export function alpacaTimeframe(iv: Interval): string {
  if (iv === '1mo') return '1Month';
  if (iv === '1w') return '1Week';
  if (iv === '1d') return '1Day';
  const n = iv.slice(0, -1);
  return iv.endsWith('h') ? `${n}Hour` : `${n}Min`;
}

/**
 * Alpaca stamps a bar at its open; Sextant at its close. Intraday: open + interval. Daily and
 * longer bars start at midnight New York time (04:00 or 05:00 UTC) or midnight UTC, both inside
 * the calendar period they name, so the close is the end of that UTC period — the 2024-01-02
 * daily bar closes at 2024-01-03T00:00Z, as Sextant stamps dates.
 */
export function barCloseTime(openTime: number, iv: Interval): number {
  return isCalendarInterval(iv) ? periodEnd(openTime, iv) : openTime + intervalMs(iv);
}
