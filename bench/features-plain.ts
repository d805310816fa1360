import type { FeatureInputs } from '../src/features/define.js';
import { plainDema, plainEma, plainHma, plainKama, plainSma, plainTema, plainVwap, plainWma } from './features-plain-averages.js';
import {
  plainAroon,
  plainCci,
  plainMacd,
  plainMfi,
  plainMom,
  plainRoc,
  plainRsi,
  plainStoch,
  plainTrix,
  plainWillr,
} from './features-plain-momentum.js';
import { plainAutocorr, plainKurt, plainLogret, plainSkew, plainZscore } from './features-plain-statistics.js';
import { plainAdx, plainCmf, plainDonchian, plainObv, plainSar } from './features-plain-trend.js';
import { plainAtr, plainBollinger, plainKeltner, plainRunSd, plainTr, plainVolatility } from './features-plain-volatility.js';

/**
 * Hand-written Float64Array loops of the same maths as Sextant's kernels, for the feature bench:
 * the speed a careful author gets without the kernel classes. Each makes one pass over the
 * columns (where the seeding allows, the warm-up runs in its own short loops so the main loop
 * has no warm-up branches), reads a window's oldest value back from the input (x[i − n]) where
 * it can, keeps derived values (returns, flows) in a ring where it cannot, and skips NaN
 * handling: the bench series has no gaps and is longer than any warm-up. They keep every
 * numeric convention of the kernel: seeding, neutral values, the order of floating-point
 * operations and the exact recompute of running sums each time the kernel's ring wraps, so
 * their values equal the kernel's, which the bench checks (`plainCheck`).
 */
export interface PlainLoop {
  /** The family's output prefixes written, in the order of `outs`. */
  outputs: string[];
  run(b: FeatureInputs, outs: Float64Array[]): void;
}

/** By feature name. */
export const plainLoops: Record<string, PlainLoop> = {
  sma_20: { outputs: ['sma'], run: (b, [o]) => plainSma(b.close, 20, o) },
  ema_20: { outputs: ['ema'], run: (b, [o]) => plainEma(b.close, 20, o) },
  wma_20: { outputs: ['wma'], run: (b, [o]) => plainWma(b.close, 20, o) },
  dema_20: { outputs: ['dema'], run: (b, [o]) => plainDema(b.close, 20, o) },
  tema_20: { outputs: ['tema'], run: (b, [o]) => plainTema(b.close, 20, o) },
  hma_20: { outputs: ['hma'], run: (b, [o]) => plainHma(b.close, 20, o) },
  kama_10: { outputs: ['kama'], run: (b, [o]) => plainKama(b.close, 10, o) },
  vwap_20: { outputs: ['vwap'], run: (b, [o]) => plainVwap(b.close, b.volume, 20, o) },
  rsi_14: { outputs: ['rsi'], run: (b, [o]) => plainRsi(b.close, 14, o) },
  macd_12_26_9: { outputs: ['macd', 'macd_signal', 'macd_hist'], run: (b, [m, s, h]) => plainMacd(b.close, 12, 26, 9, m, s, h) },
  stoch_k_14_3_3: { outputs: ['stoch_k', 'stoch_d'], run: (b, [k, d]) => plainStoch(b.high, b.low, b.close, 14, 3, 3, k, d) },
  willr_14: { outputs: ['willr'], run: (b, [o]) => plainWillr(b.high, b.low, b.close, 14, o) },
  cci_20: { outputs: ['cci'], run: (b, [o]) => plainCci(b.high, b.low, b.close, 20, o) },
  roc_10: { outputs: ['roc'], run: (b, [o]) => plainRoc(b.close, 10, o) },
  mom_10: { outputs: ['mom'], run: (b, [o]) => plainMom(b.close, 10, o) },
  trix_15: { outputs: ['trix'], run: (b, [o]) => plainTrix(b.close, 15, o) },
  mfi_14: { outputs: ['mfi'], run: (b, [o]) => plainMfi(b.high, b.low, b.close, b.volume, 14, o) },
  aroon_up_25: { outputs: ['aroon_up', 'aroon_down', 'aroon_osc'], run: (b, [u, d, o]) => plainAroon(b.high, b.low, 25, u, d, o) },
  tr: { outputs: ['tr'], run: (b, [o]) => plainTr(b.high, b.low, b.close, o) },
  atr_14: { outputs: ['atr'], run: (b, [o]) => plainAtr(b.high, b.low, b.close, 14, o) },
  adx_14: { outputs: ['adx', 'plus_di', 'minus_di', 'dx'], run: (b, [a, p, m, d]) => plainAdx(b.high, b.low, b.close, 14, a, p, m, d) },
  bb_upper_20_2: {
    outputs: ['bb_upper', 'bb_mid', 'bb_lower', 'bb_pctb', 'bb_width'],
    run: (b, [u, m, l, p, w]) => plainBollinger(b.close, 20, 2, u, m, l, p, w),
  },
  donchian_upper_20: {
    outputs: ['donchian_upper', 'donchian_mid', 'donchian_lower'],
    run: (b, [u, m, l]) => plainDonchian(b.high, b.low, 20, u, m, l),
  },
  keltner_upper_20_2: {
    outputs: ['keltner_upper', 'keltner_mid', 'keltner_lower'],
    run: (b, [u, m, l]) => plainKeltner(b.high, b.low, b.close, 20, 2, u, m, l),
  },
  'sar_0.02_0.2': { outputs: ['sar'], run: (b, [o]) => plainSar(b.high, b.low, 0.02, 0.2, o) },
  runsd_20: { outputs: ['runsd'], run: (b, [o]) => plainRunSd(b.close, 20, o) },
  volatility_21: { outputs: ['volatility'], run: (b, [o]) => plainVolatility(b.close, 21, o) },
  obv: { outputs: ['obv'], run: (b, [o]) => plainObv(b.close, b.volume, o) },
  cmf_20: { outputs: ['cmf'], run: (b, [o]) => plainCmf(b.high, b.low, b.close, b.volume, 20, o) },
  logret_1: { outputs: ['logret'], run: (b, [o]) => plainLogret(b.close, 1, o) },
  zscore_20: { outputs: ['zscore'], run: (b, [o]) => plainZscore(b.close, 20, o) },
  skew_20: { outputs: ['skew'], run: (b, [o]) => plainSkew(b.close, 20, o) },
  kurt_20: { outputs: ['kurt'], run: (b, [o]) => plainKurt(b.close, 20, o) },
  autocorr_20_1: { outputs: ['autocorr'], run: (b, [o]) => plainAutocorr(b.close, 20, 1, o) },
};
