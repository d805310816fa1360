import { DAY_MS } from '../../core/interval.js';
import type { TradeRecord } from '../../engine/trade.js';
import { ratio } from './ratio.js';

export interface TradeStats {
  count: number;
  /** Share of trades with pnl > 0 (fraction). */
  winRate: number;
  /** Σ winning pnl / |Σ losing pnl|; NaN without a losing trade. */
  profitFactor: number;
  /** Mean pnl (currency) and mean returnPct (fraction). */
  expectancy: number;
  expectancyReturn: number;
  /** √N · mean(pnl) / sample sd(pnl) (Van Tharp's system quality number). */
  sqn: number;
  bestReturn: number;
  worstReturn: number;
  /** Geometric mean return per trade: (Π(1 + returnPct))^(1/N) − 1. */
  avgReturn: number;
  avgHoldingDays: number;
  avgHoldingBars: number;
}

/** Statistics of closed trades; every field but count is NaN without trades. Two passes (sd about the mean). */
export function tradeStats(trades: readonly TradeRecord[]): TradeStats {
  const n = trades.length;
  let wins = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let sumPnl = 0;
  let sumReturn = 0;
  let sumLogGrowth = 0;
  let best = -Infinity;
  let worst = Infinity;
  let minPnl = Infinity;
  let maxPnl = -Infinity;
  let holdMs = 0;
  let holdBars = 0;
  for (const tr of trades) {
    const pnl = tr.pnl;
    if (pnl > 0) {
      wins++;
      grossWin += pnl;
    } else if (pnl < 0) grossLoss -= pnl;
    sumPnl += pnl;
    if (pnl < minPnl) minPnl = pnl;
    if (pnl > maxPnl) maxPnl = pnl;
    sumReturn += tr.returnPct;
    // ln of a negative growth factor (a loss beyond 100 %) is NaN, and so is the geometric mean
    sumLogGrowth += Math.log1p(tr.returnPct);
    if (tr.returnPct > best) best = tr.returnPct;
    if (tr.returnPct < worst) worst = tr.returnPct;
    holdMs += tr.exitTime - tr.entryTime;
    holdBars += tr.exitBar - tr.entryBar;
  }
  const expectancy = sumPnl / n;
  // equal pnls have sd exactly 0 (SQN undefined), not the rounding left by the mean
  let ss = 0;
  if (minPnl !== maxPnl) for (const tr of trades) ss += (tr.pnl - expectancy) ** 2;
  const sd = n >= 2 ? Math.sqrt(ss / (n - 1)) : NaN;
  const empty = n === 0;
  return {
    count: n,
    winRate: wins / n,
    profitFactor: empty ? NaN : ratio(grossWin, grossLoss),
    expectancy,
    expectancyReturn: sumReturn / n,
    sqn: Math.sqrt(n) * ratio(expectancy, sd),
    bestReturn: empty ? NaN : best,
    worstReturn: empty ? NaN : worst,
    avgReturn: Math.expm1(sumLogGrowth / n),
    avgHoldingDays: holdMs / DAY_MS / n,
    avgHoldingBars: holdBars / n,
  };
}
