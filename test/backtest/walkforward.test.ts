/**
 * Walk-forward on real GOOG daily bars: each fold's choice is the in-sample sweep's best, each
 * out-of-sample result equals a `backtest` of that window with the chosen parameters and the
 * previous fold's final equity as cash, the stitched curve is continuous and covers exactly
 * the bars after the first in-sample window, and the run is recorded.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { parseParamSpace } from '../../src/backtest/sweep/param-space.js';
import { runSweep } from '../../src/backtest/sweep/sweep.js';
import { type WalkForwardInput, runWalkForward } from '../../src/backtest/walkforward/walkforward.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { ingest } from '../helpers/ingest.js';
import { SAMPLE_DATA } from '../helpers/real-bars.js';
import { tempDir } from '../helpers/tmp.js';


const dir = tempDir('sextant-walkforward-');
let store: SqliteStore;
let times: Float64Array;
const run = { strategy: 'sma-cross', symbols: ['GOOG'], interval: '1d', commission: 0.001 };
const input: WalkForwardInput = { run, space: parseParamSpace(['fast=5,10,20', 'slow=30,50']), objective: 'sharpe', isBars: 400, oosBars: 300 };

beforeAll(async () => {
  store = SqliteStore.open(join(dir, 'wf.db'));
  await ingest(store, join(SAMPLE_DATA, 'GOOG_1d.csv'), { symbol: 'GOOG' });
  times = (await store.loadBars('GOOG', '1d'))!.time;
});
afterAll(() => store.close());

describe('walk-forward on GOOG 1d', () => {
  it('rolling: folds by the bars, each choice the in-sample best, each OOS run a backtest from the previous equity', async () => {
    const wf = await runWalkForward(store, input, { workers: 1 });
    // 2148 bars: OOS windows start at bars 400, 700, …, 2200 > 2147, so 6 folds, the last 48 bars long
    expect(times.length).toBe(2148);
    expect(wf.folds.map((f) => f.bars)).toEqual([0, 300, 600, 900, 1200, 1500].map((s) => ({ isStart: s, isEnd: s + 400, oosEnd: Math.min(s + 700, 2148) })));
    expect(wf.trials).toBe(6);

    let cash = 10_000;
    for (const f of wf.folds) {
      const { isStart, isEnd, oosEnd } = f.bars;
      // in-sample: the same sweep run on its own over the window picks the same parameters
      const sweep = await runSweep(store, { run: { ...run, from: isStart === 0 ? null : times[isStart - 1] + 1, to: times[isEnd - 1] }, space: input.space, search: 'grid', objective: 'sharpe' }, { workers: 1 });
      expect(f.params).toEqual(sweep.outcome.best.params);
      expect(f.isObjective).toBe(sweep.outcome.best.metrics.sharpe);
      expect(f.isMetrics.bars).toBe(400);

      // out-of-sample: a plain backtest of the window, chosen params, the previous fold's final equity as cash
      expect(f.startCash).toBe(cash);
      const b = await runBacktest(store, { ...run, params: f.params, from: times[isEnd - 1] + 1, to: times[oosEnd - 1], cash, randomSeeds: 0 });
      expect(f.oosMetrics).toEqual(b.metrics);
      expect(b.times[0]).toBe(times[isEnd]); // OOS starts on the bar after the in-sample window
      expect(b.times[0]).toBeGreaterThan(Date.parse(f.isMetrics.end));
      cash = b.equity[b.equity.length - 1];
    }

    // stitched: exactly the bars after the first in-sample window, continuous at every fold start
    expect(Array.from(wf.times)).toEqual(Array.from(times.subarray(400)));
    let at = 0;
    for (const f of wf.folds) {
      expect(wf.equity[at]).toBe(f.startCash); // flat at the fold's first bar
      if (at > 0) expect(wf.equity[at - 1]).toBe(f.startCash); // = the previous fold's final equity
      at += f.bars.oosEnd - f.bars.isEnd;
    }
    expect(wf.metrics.final_equity).toBe(cash);
    expect(wf.metrics.total_return_pct).toBeCloseTo((cash / 10_000 - 1) * 100, 10);
    expect(wf.metrics.num_trades).toBe(wf.folds.reduce((n, f) => n + f.oosMetrics.num_trades, 0));
    expect(wf.trades).toHaveLength(wf.metrics.num_trades);

    const defined = wf.folds.filter((f) => f.isMetrics.cagr_pct > 0).map((f) => f.oosMetrics.cagr_pct / f.isMetrics.cagr_pct);
    expect(wf.efficiency.folds).toBe(defined.length);
    expect(wf.efficiency.mean).toBeCloseTo(defined.reduce((a, b) => a + b, 0) / defined.length, 12);
    expect(wf.stability.fast.values).toEqual(wf.folds.map((f) => f.params.fast));

    const rec = (await store.getRun(wf.runId))!;
    expect(rec.kind).toBe('walkforward');
    expect(rec.config).toMatchObject({ isBars: 400, oosBars: 300, anchored: false, objective: 'sharpe' });
    expect(Array.from(rec.series.equity)).toEqual(Array.from(wf.equity));
    expect(rec.metrics).toEqual(wf.metrics);
    expect((rec.summary.folds as unknown[]).length).toBe(6);
  });

  it('anchored: in-sample always from the first bar; same results in worker threads', async () => {
    const one = await runWalkForward(store, { ...input, anchored: true }, { workers: 1 });
    expect(one.folds.map((f) => [f.bars.isStart, f.bars.isEnd])).toEqual([0, 300, 600, 900, 1200, 1500].map((s) => [0, s + 400]));
    expect(one.folds[5].isMetrics.bars).toBe(1900);
    const two = await runWalkForward(store, { ...input, anchored: true }, { workers: 2 });
    expect(two.folds).toEqual(one.folds);
    expect(two.runId).toBe(one.runId);
    expect(one.runId).not.toBe((await runWalkForward(store, input, { workers: 1 })).runId);
  });

  it('defaults to two years in-sample and half a year out-of-sample (504 and 126 daily bars); refuses windows that do not fit', async () => {
    const wf = await runWalkForward(store, { ...input, isBars: null, oosBars: null }, { workers: 1 });
    expect(wf.config).toMatchObject({ isBars: 504, oosBars: 126 });
    expect(wf.folds[0].bars).toEqual({ isStart: 0, isEnd: 504, oosEnd: 630 });
    await expect(runWalkForward(store, { ...input, isBars: 2148 })).rejects.toMatchObject({ code: 'OPTION_INVALID', details: { field: '--is' } });
  });
});
