import {
  adx,
  atr,
  bollingerbands,
  cci,
  ema,
  highest,
  keltnerchannels,
  macd,
  mfi,
  obv,
  psar,
  roc,
  rsi,
  sd,
  sma,
  stochastic,
  trix,
  truerange,
  williamsr,
  wma,
} from 'technicalindicators';

/** The bench series as the plain number arrays `technicalindicators` takes (converted once, outside the timings). */
export interface TiInputs {
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/**
 * The same indicator computed by the `technicalindicators` package (v3.1.0), by Sextant feature
 * name, where the package has that indicator with the same parameters (its conventions differ
 * in places: population sd, Keltner on the EMA of close, OBV from 0, MFI counting an unchanged
 * typical price as negative). `note` says where it computes a different set of outputs.
 */
export const tiAdapters: Record<string, { run(a: TiInputs): unknown; note?: string }> = {
  sma_20: { run: (a) => sma({ period: 20, values: a.close }) },
  ema_20: { run: (a) => ema({ period: 20, values: a.close }) },
  wma_20: { run: (a) => wma({ period: 20, values: a.close }) },
  rsi_14: { run: (a) => rsi({ period: 14, values: a.close }) },
  macd_12_26_9: {
    run: (a) => macd({ values: a.close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false }),
  },
  stoch_k_14_3_3: {
    run: (a) => stochastic({ high: a.high, low: a.low, close: a.close, period: 14, signalPeriod: 3 }),
    note: 'technicalindicators has the fast stochastic: its d (SMA 3 of fast %K) is the slow %K',
  },
  willr_14: { run: (a) => williamsr({ high: a.high, low: a.low, close: a.close, period: 14 }) },
  cci_20: { run: (a) => cci({ high: a.high, low: a.low, close: a.close, period: 20 }) },
  roc_10: { run: (a) => roc({ period: 10, values: a.close }) },
  trix_15: { run: (a) => trix({ period: 15, values: a.close }) },
  mfi_14: { run: (a) => mfi({ high: a.high, low: a.low, close: a.close, volume: a.volume, period: 14 }) },
  tr: { run: (a) => truerange({ high: a.high, low: a.low, close: a.close }) },
  atr_14: { run: (a) => atr({ high: a.high, low: a.low, close: a.close, period: 14 }) },
  adx_14: { run: (a) => adx({ high: a.high, low: a.low, close: a.close, period: 14 }) },
  bb_upper_20_2: { run: (a) => bollingerbands({ period: 20, stdDev: 2, values: a.close }) },
  donchian_upper_20: { run: (a) => highest({ period: 20, values: a.high }), note: 'technicalindicators highest(high, 20): the upper band only' },
  keltner_upper_20_2: {
    run: (a) => keltnerchannels({ high: a.high, low: a.low, close: a.close, maPeriod: 20, atrPeriod: 20, multiplier: 2, useSMA: false }),
  },
  'sar_0.02_0.2': { run: (a) => psar({ high: a.high, low: a.low, step: 0.02, max: 0.2 }) },
  runsd_20: { run: (a) => sd({ period: 20, values: a.close }) },
  obv: { run: (a) => obv({ close: a.close, volume: a.volume }) },
};
