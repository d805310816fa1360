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
 * Capped fractional Kelly on the signal's confidence: for an even-money bet won with probability
 * c the Kelly fraction is 2c − 1; this stakes `fraction` of it (0.5 = half Kelly), at most `cap`
 * of equity. A confidence of 0.5 or less stakes nothing.
 */
export function kelly(fraction: number, cap: number): Sizing {
  return {
    name: `kelly(${fraction}, cap ${cap})`,
    feature: null,
    units: (s) => wholeLots((Math.min(cap, fraction * (2 * s.confidence - 1)) * s.equity) / s.price, s.lotSize),
  };
}

function fits(s: SizingInput, lots: number): boolean {
  const qty = lots * s.lotSize;
  return qty * s.price + s.fee(qty, s.price) <= s.cash;
}

/**
 * The largest whole number of lots whose cost plus commission fits the cash. The commission may
 * be any increasing function of the quantity: the estimate from the fee of one lot is exact for
 * a percent commission, and a binary search settles it when the fee is not proportional.
 */
export const allIn: Sizing = {
  name: 'all-in',
  feature: null,
  units: (s) => {
    const { price, lotSize, cash } = s;
    const perLot = lotSize * price + s.fee(lotSize, price);
    if (!(perLot > 0) || !(cash > 0)) return 0;
    let lo = Math.floor(cash / perLot);
    while (lo > 0 && !fits(s, lo)) lo--;
    if (fits(s, lo + 1)) {
      let hi = Math.floor(cash / (lotSize * price)) + 1;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (fits(s, mid)) lo = mid;
        else hi = mid;
      }
    }
    return lo * lotSize;
  },
};
