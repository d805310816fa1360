import type { AssetClass } from '../core/instrument.js';
import { DAY_MS, HOUR_MS, type Interval, INTERVALS, intervalMs, isCalendarInterval } from '../core/interval.js';
import { barLabel } from '../core/time.js';
import type { TimeZone } from '../core/timezone.js';

/**
 * What the spacing of bar times says about the data: whether it matches the declared interval,
 * and where sessions are missing. One step of a calendar interval has a tolerance (months are
 * 28–31 days; a local-time daily series crosses daylight-saving changes).
 */

/** The shortest distance two bars of this interval can be apart. */
export function minSpacing(iv: Interval): number {
  return stepBounds(iv)[0];
}

function stepBounds(iv: Interval): [number, number] {
  if (iv === '1mo') return [28 * DAY_MS - HOUR_MS, 31 * DAY_MS + HOUR_MS];
  if (isCalendarInterval(iv)) return [intervalMs(iv) - HOUR_MS, intervalMs(iv) + HOUR_MS];
  const step = intervalMs(iv);
  return [step, step];
}

/** Fewer consecutive pairs than this say nothing about the most common spacing. */
const MIN_SPACING_VOTES = 3;

export interface SpacingMismatch {
  /** Index of the bar whose distance to the previous bar shows the mismatch. */
  index: number;
  message: string;
}

function describeMs(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

/** The interval whose one step best matches a spacing, to suggest in messages. */
function intervalFor(ms: number): Interval | undefined {
  return INTERVALS.find((iv) => {
    const [lo, hi] = stepBounds(iv);
    return ms >= lo && ms <= hi;
  });
}

/**
 * Checks that no two bars are closer than one interval and that one interval is the most
 * common spacing. Returns the first mismatch, or null when the spacing fits. When rows were
 * dropped, `adjacent[i]` says whether bar i followed bar i-1 directly in the source: only
 * those pairs vote on the most common spacing, so a repair's holes do not look like a
 * different interval.
 */
export function checkSpacing(time: Float64Array, iv: Interval, adjacent?: Uint8Array): SpacingMismatch | null {
  const n = time.length;
  if (n < 2) return null;
  const [lo, hi] = stepBounds(iv);
  const counts = new Map<number, number>();
  let oneStep = 0;
  let firstOther = -1;
  for (let i = 1; i < n; i++) {
    const d = time[i] - time[i - 1];
    if (d < lo) {
      return { index: i, message: `bars ${describeMs(d)} apart, closer than one ${iv} interval${intervalFor(d) ? ` (is the interval ${intervalFor(d)}?)` : ''}` };
    }
    if (adjacent && adjacent[i] === 0) continue;
    if (d <= hi) oneStep++;
    else {
      counts.set(d, (counts.get(d) ?? 0) + 1);
      if (firstOther < 0) firstOther = i;
    }
  }
  let modeSpacing = 0;
  let modeCount = 0;
  for (const [d, c] of counts) {
    if (c > modeCount) {
      modeCount = c;
      modeSpacing = d;
    }
  }
  // Two or three bars (an update over a weekend) are too few to outvote a holiday.
  const votes = oneStep + [...counts.values()].reduce((a, c) => a + c, 0);
  if (votes >= MIN_SPACING_VOTES && modeCount > oneStep) {
    const guess = intervalFor(modeSpacing);
    return {
      index: firstOther,
      message: `the most common spacing is ${describeMs(modeSpacing)} (${modeCount} times), not one ${iv} interval (${oneStep} times)${guess ? `; is the interval ${guess}?` : ''}`,
    };
  }
  return null;
}

export interface Gap {
  /** Labels of the bars on either side of the gap. */
  after: string;
  before: string;
  /** Sessions (bars) missing between them. */
  missing: number;
}

/** Monday–Friday days strictly between two UTC day numbers. */
function weekdaysBetween(dayA: number, dayB: number): number {
  let count = 0;
  for (let d = dayA + 1; d < dayB; d++) {
    const dow = (d + 4) % 7; // day 0 (1970-01-01) was a Thursday; 0 = Sunday
    if (dow !== 0 && dow !== 6) count++;
  }
  return count;
}

/**
 * Missing sessions. Crypto trades around the clock, so any skipped interval is a gap. Other
 * markets close at night and at weekends: intraday bars count gaps inside one local day,
 * daily bars count missing weekdays (exchange holidays show up too: Sextant has no
 * exchange calendars yet, so a holiday is reported, never filled).
 */
export function findGaps(time: Float64Array, iv: Interval, assetClass: AssetClass, tz: TimeZone): { count: number; first: Gap[] } {
  const first: Gap[] = [];
  let count = 0;
  const [, hi] = stepBounds(iv);
  const step = intervalMs(iv);
  for (let i = 1; i < time.length; i++) {
    const d = time[i] - time[i - 1];
    if (d <= hi) continue;
    let missing = 0;
    if (assetClass === 'crypto' || iv === '1w' || iv === '1mo') {
      missing = Math.round(d / (iv === '1mo' ? 30.4 * DAY_MS : step)) - 1;
    } else if (iv === '1d') {
      missing = weekdaysBetween(Math.floor((time[i - 1] - 1) / DAY_MS), Math.floor((time[i] - 1) / DAY_MS));
    } else {
      const dayA = Math.floor((time[i - 1] - 1 + tz.offsetAt(time[i - 1])) / DAY_MS);
      const dayB = Math.floor((time[i] - 1 + tz.offsetAt(time[i])) / DAY_MS);
      if (dayA === dayB) missing = Math.round(d / step) - 1;
    }
    if (missing <= 0) continue;
    count++;
    if (first.length < 20) first.push({ after: barLabel(time[i - 1], iv), before: barLabel(time[i], iv), missing });
  }
  return { count, first };
}
