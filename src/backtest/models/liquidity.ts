import type { BarColumns } from '../../core/bar-series.js';

/** The most units that can fill on bar i; what is left of the order waits for the next bar (a partial fill). */
export type LiquidityModel = (bars: BarColumns, i: number) => number;

export const unlimitedLiquidity: LiquidityModel = () => Infinity;

/** At most `rate` (e.g. 0.1 = 10 %) of the bar's volume. A bar with zero volume fills nothing. */
export function volumeParticipation(rate: number): LiquidityModel {
  return (bars, i) => rate * bars.volume[i];
}
