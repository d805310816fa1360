import { BacktestConfigSchema } from '../src/backtest/config.js';
import { FeatureSource } from '../src/backtest/feature-source.js';
import { marketData } from '../src/backtest/market-data.js';
import { simulate } from '../src/backtest/simulate.js';
import type { BarSeries } from '../src/core/bar-series.js';
import { computeFeatures } from '../src/features/compute.js';
import { registry } from '../src/features/registry.js';
import { getStrategy } from '../src/strategy/registry.js';
import { printBench, timeAgainstBaseline } from './measure.js';

/** Small, so a million minute bars of crossovers do not grind the account to dust, but not zero: fees are on the path. */
const COMMISSION = 0.00001;

/**
 * The least any backtest of sma-cross must do, written as one plain typed-array loop over the
 * two SMA columns (computed by the same kernels the engine uses): the strict crossover,
 * acted on only when it changes the direction, a reversal at the next open with all-in sizing and
 * a percent commission, and the equity at every close. Returns the final equity so the kernel's
 * result can be checked against it.
 */
function plainSmaCross(b: BarSeries, fast: number, slow: number, cash0: number): number {
  const [smaF, smaS] = computeFeatures(b, [registry().resolve(`sma_${fast}`), registry().resolve(`sma_${slow}`)], { interval: b.interval, timezone: 'UTC' });
  const n = b.length;
  const close = b.close;
  const open = b.open;
  const equity = new Float64Array(n);
  let prevF = NaN;
  let prevS = NaN;
  let cash = cash0;
  let pos = 0;
  let pending = 0;
  let target = 0;
  for (let i = 0; i < n; i++) {
    if (pending !== 0) {
      const p = open[i];
      if (pos !== 0) {
        cash += pos * p - Math.abs(pos) * p * COMMISSION;
        pos = 0;
      }
      const units = Math.floor(cash / (p * (1 + COMMISSION)));
      pos = pending * units;
      cash -= pos * p + units * p * COMMISSION;
      pending = 0;
    }
    const f = smaF[i];
    const s = smaS[i];
    // A cross in the direction already held (after a touch that was not a strict cross) keeps the position.
    if (prevF < prevS && f > s && target !== 1) pending = target = 1;
    else if (prevF > prevS && f < s && target !== -1) pending = target = -1;
    prevF = f;
    prevS = s;
    equity[i] = cash + pos * close[i];
  }
  return equity[n - 1];
}

/** sma-cross through the whole kernel (features, event loop, ledger) against the plain loop, same run. */
export async function benchBacktest(bars: BarSeries, minRuns: number): Promise<void> {
  const runs = Math.max(minRuns, 7);
  const data = marketData([bars], 'crypto', [1], null, null);
  const cfg = BacktestConfigSchema.parse({ strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: [bars.symbol], interval: bars.interval, commission: COMMISSION, cash: 1e9 });
  const def = getStrategy('sma-cross');
  let engineFinal = NaN;
  let plainFinal = NaN;
  const { figureMs, baselineMs } = await timeAgainstBaseline(
    runs,
    () => {
      const r = simulate({ def, params: cfg.params, cfg, data, features: new FeatureSource(data, 'UTC'), periodsPerYear: 365 * 1440 });
      engineFinal = r.equity[r.equity.length - 1];
    },
    () => {
      plainFinal = plainSmaCross(bars, 10, 30, 1e9);
    },
    3,
  );
  if (Math.abs(engineFinal - plainFinal) > 1e-6 * Math.abs(plainFinal)) throw new Error(`kernel and plain loop disagree: ${engineFinal} vs ${plainFinal}`);
  const rate = bars.length / (figureMs / 1000);
  const baseRate = bars.length / (baselineMs / 1000);
  printBench({
    benchmark: `backtest_sma_cross_${bars.length}_bars`,
    figure: Math.round(rate),
    unit: 'bars/s',
    baseline: Math.round(baseRate),
    baselineName: 'plain typed-array loop, same positions and P&L',
    ratio: +(rate / baseRate).toFixed(3),
    target: 'figure >= 5,000,000 bars/s and ratio >= 0.333 (within 3x)',
    pass: rate >= 5_000_000 && rate / baseRate >= 1 / 3,
    runs,
    warmup: 3,
  });
}
