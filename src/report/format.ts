import { DAY_MS } from '../core/interval.js';

/** What a table shows for an undefined (NaN) value. */
export const MISSING = '—';

/** Thousands separated by commas in the integer part of a plain decimal string. */
function group(s: string): string {
  const dot = s.indexOf('.');
  const int = dot < 0 ? s : s.slice(0, dot);
  return int.replace(/\B(?=(\d{3})+$)/g, ',') + (dot < 0 ? '' : s.slice(dot));
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return MISSING;
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '-∞';
  return null;
}

/**
 * A number for a table: NaN as "—", integers whole, |x| ≥ 1 with 2 decimals, smaller values
 * with 3 significant digits (a beta of 0.0123 must not print as 0.01).
 */
export function formatNumber(x: number): string {
  const s = special(x);
  if (s !== null) return s;
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return group(String(x));
  if (Math.abs(x) >= 1) return group(x.toFixed(2));
  return String(Number(x.toPrecision(3)));
}

/** A number with a fixed count of decimals (percentages in tables), NaN as "—". */
export function formatFixed(x: number, decimals: number): string {
  return special(x) ?? group(x.toFixed(decimals));
}

/** A metric value as given: strings as they are, numbers through formatNumber; absent as "—". */
export function formatMetric(v: number | string | undefined): string {
  if (v === undefined) return MISSING;
  return typeof v === 'string' ? v : formatNumber(v);
}

/**
 * True when every time is a UTC midnight: the bars are daily or longer, and times are written as
 * dates (see timeLabeler). Empty counts as daily.
 */
export function dailyTimes(times: Float64Array): boolean {
  for (let i = 0; i < times.length; i++) if (times[i] % DAY_MS !== 0) return false;
  return true;
}

/**
 * How a time is written. Daily or longer bars: the date of the bar's last day; the close instant
 * belongs to the next period, so that is the date of t − 1 ms (the daily bar of Jan 31 closes at
 * Feb 1 00:00), as `barLabel` writes daily bars. Intraday: the ISO close time in UTC.
 */
export function timeLabeler(dates: boolean): (t: number) => string {
  return dates ? dateLabel : dateTimeLabel;
}

function dateLabel(t: number): string {
  return Number.isFinite(t) ? new Date(t - 1).toISOString().slice(0, 10) : MISSING;
}

function dateTimeLabel(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString().replace('.000Z', 'Z') : MISSING;
}
