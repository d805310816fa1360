import { SextantError } from '../../core/errors.js';

/** One walk-forward fold as bar indices, ends exclusive: in-sample [isStart, isEnd), out-of-sample [isEnd, oosEnd). */
export interface Fold {
  isStart: number;
  isEnd: number;
  oosEnd: number;
}

/**
 * Folds over `bars` bars: fold k has out-of-sample bars [s + IS, s + IS + OOS) with s = k·OOS,
 * so the out-of-sample windows tile the bars after the first in-sample window without overlap;
 * the last one may be shorter (at least one bar). In-sample is the IS bars before it (rolling)
 * or every bar from the first (anchored).
 */
export function walkForwardFolds(bars: number, isBars: number, oosBars: number, anchored: boolean): Fold[] {
  for (const [field, v] of [['--is', isBars], ['--oos', oosBars]] as const) {
    if (!(Number.isInteger(v) && v >= 1)) throw new SextantError('OPTION_INVALID', `${field} must be a whole number of bars ≥ 1, got ${v}`, { field, value: v });
  }
  if (isBars >= bars) {
    throw new SextantError('OPTION_INVALID', `--is ${isBars} --oos ${oosBars}: not even one fold fits in ${bars} bars (the in-sample window needs ${isBars} and at least one bar must follow it)`, {
      field: '--is',
      bars,
      is: isBars,
      oos: oosBars,
    });
  }
  const folds: Fold[] = [];
  for (let s = 0; s + isBars < bars; s += oosBars) {
    folds.push({ isStart: anchored ? 0 : s, isEnd: s + isBars, oosEnd: Math.min(s + isBars + oosBars, bars) });
  }
  return folds;
}

/** Window sizes as asked for, defaulting to two years in sample and half a year out of sample. */
export interface FoldWindows {
  isBars?: number | null;
  oosBars?: number | null;
  anchored?: boolean;
}

/** The folds of a walk-forward over `bars` bars of data with `periodsPerYear` bars a year, and the window sizes used. */
export function foldsFor(bars: number, periodsPerYear: number, w: FoldWindows): { folds: Fold[]; isBars: number; oosBars: number; anchored: boolean } {
  const isBars = w.isBars ?? Math.round(2 * periodsPerYear);
  const oosBars = w.oosBars ?? Math.round(periodsPerYear / 2);
  const anchored = w.anchored === true;
  return { folds: walkForwardFolds(bars, isBars, oosBars, anchored), isBars, oosBars, anchored };
}
