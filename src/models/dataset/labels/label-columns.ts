import { z } from 'zod';

/**
 * Per-bar label arrays, one entry per bar of the series. A bar whose label is unknown (too close
 * to the end, no volatility yet, inside a dead zone) has NaN in all three.
 */
export interface LabelColumns {
  /** The label: a return (regression) or a class 0, 1, 2 (classification). */
  y: Float64Array;
  /** Close time of the bar at which the label is settled: the end of the label window that purging uses. */
  labelEnd: Float64Array;
  /** Simple close-to-close return from the bar to the bar that settles its label, for judging trades. */
  forwardReturn: Float64Array;
}

/** Label columns for `n` bars, every label unknown. */
export function unknownLabels(n: number): LabelColumns {
  return { y: new Float64Array(n).fill(NaN), labelEnd: new Float64Array(n).fill(NaN), forwardReturn: new Float64Array(n).fill(NaN) };
}

/** Bars ahead the label looks (t+1 … t+horizon). */
export const horizonSchema = z.number().int().min(1).max(100_000);

/** Bars of one-bar returns the volatility scale is measured over (t−lookback+1 … t). */
export const lookbackSchema = z.number().int().min(2).max(100_000);
