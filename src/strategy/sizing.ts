/** What a sizing step knows when it turns a target direction into units, at the fill. */
export interface SizingInput {
  /** Fill price, slippage included. */
  price: number;
  /** Cash and equity after the current position of the symbol is closed at `price` (fee paid). */
  cash: number;
  equity: number;
  lotSize: number;
  confidence: number;
  /** The fee of a fill of `qty` at `price`. */
  fee(qty: number, price: number): number;
  /** Annualised volatility of the symbol at the decision bar (NaN when the sizing needs none). */
  volatility: number;
}

/** Turns a signal into a position size: positive whole lots. */
export interface Sizing {
  readonly name: string;
  /** A feature the sizing reads at the decision bar (its value arrives as `volatility`), or null. */
  readonly feature: string | null;
  units(input: SizingInput): number;
}

function wholeLots(units: number, lot: number): number {
  if (!(units > 0)) return 0;
  return Math.floor(units / lot + 1e-9) * lot;
}

/** A fixed number of units on every entry. */
export function fixedUnits(units: number): Sizing {
  return { name: `fixed(${units})`, feature: null, units: (s) => wholeLots(units, s.lotSize) };
}

/** A fraction of equity at the fill price (0.5 = half the equity). */
export function percentOfEquity(fraction: number): Sizing {
  return { name: `percent(${fraction})`, feature: null, units: (s) => wholeLots((fraction * s.equity) / s.price, s.lotSize) };
}

/**
 * Sizes so that the position's annualised volatility is `target` (0.15 = 15 %): units =
 * equity · min(target / σ, maxLeverage) / price, σ from the feature `volatility_N` (annualised).
 */
export function volatilityTarget(target: number, maxLeverage: number, lookback = 21): Sizing {
  return {
    name: `vol-target(${target})`,
    feature: `volatility_${lookback}`,
    units: (s) => (s.volatility > 0 ? wholeLots((Math.min(target / s.volatility, maxLeverage) * s.equity) / s.price, s.lotSize) : 0),
  };
}

/**
 * The largest whole number of lots whose cost plus commission fits the cash: a binary search,
 * because the commission model may be any increasing function of the quantity.
 */
export const allIn: Sizing = {
  name: 'all-in',
  feature: null,
  units: (s) => {
    const fits = (k: number) => k * s.lotSize * s.price + s.fee(k * s.lotSize, s.price) <= s.cash;
    let lo = 0;
    let hi = Math.floor(s.cash / (s.price * s.lotSize)) + 1;
    if (!(hi > 0) || !Number.isFinite(hi)) return 0;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid;
    }
    return lo * s.lotSize;
  },
};
