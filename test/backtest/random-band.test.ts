/**
 * The random baselines' equity band: its sampled points, its percentiles against a sort-based
 * type-7 quantile written here from the definition, and on a real GOOG backtest against the
 * baselines table the run already records (the median random seed's final equity).
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bandIndices, RandomBandBuilder } from '../../src/backtest/random-band.js';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { ingest } from '../helpers/ingest.js';
import { SAMPLE_DATA } from '../helpers/real-bars.js';
import { tempDir } from '../helpers/tmp.js';

/** Percentile q of xs from the definition: sort, h = (n − 1)·q, interpolate between the neighbours of h. */
function naiveQuantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

describe('bandIndices', () => {
  it('keeps every point of a short run', () => {
    expect(Array.from(bandIndices(4, 10))).toEqual([0, 1, 2, 3]);
    expect(Array.from(bandIndices(1, 10))).toEqual([0]);
    expect(bandIndices(0, 10)).toHaveLength(0);
  });

  it('spreads max points evenly over a long run, the first and the last included (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2_000_000 }), fc.integer({ min: 2, max: 600 }), (n, max) => {
        const ix = bandIndices(n, max);
        expect(ix.length).toBe(Math.min(n, max));
        expect(ix[0]).toBe(0);
        expect(ix[ix.length - 1]).toBe(n - 1);
        const step = (n - 1) / (ix.length - 1);
        for (let j = 1; j < ix.length; j++) {
          expect(ix[j]).toBeGreaterThan(ix[j - 1]);
          expect(Math.abs(ix[j] - j * step)).toBeLessThanOrEqual(0.5 + 1e-6);
        }
      }),
    );
  });
});

describe('RandomBandBuilder', () => {
  it('gives the 10th, 50th and 90th percentiles of a hand-made point', () => {
    const b = new RandomBandBuilder(1);
    for (const v of [5, 1, 4, 2, 3]) b.add(Float64Array.of(v));
    const band = b.build()!;
    // n = 5: h = 0.4, 2, 3.6 → 1 + 0.4·(2 − 1), 3, 4 + 0.6·(5 − 4)
    expect(band.p10[0]).toBeCloseTo(1.4, 12);
    expect(band.p50[0]).toBe(3);
    expect(band.p90[0]).toBeCloseTo(4.6, 12);
  });

  it('is null without seeds, and leaves out a seed whose equity is not a number at a point', () => {
    expect(new RandomBandBuilder(10).build()).toBeNull();
    const b = new RandomBandBuilder(2);
    b.add(Float64Array.of(1, NaN));
    b.add(Float64Array.of(3, 10));
    const band = b.build()!;
    expect(band.p50[0]).toBe(2);
    expect(band.p50[1]).toBe(10);
  });

  it('matches sort-based percentiles of the seeds at each sampled point (property)', () => {
    const curve = (n: number) => fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1200 }).chain((n) => fc.tuple(fc.constant(n), fc.array(curve(n), { minLength: 1, maxLength: 25 }))),
        ([n, seeds]) => {
          const b = new RandomBandBuilder(n);
          for (const s of seeds) b.add(Float64Array.from(s));
          const band = b.build()!;
          expect(Array.from(band.index)).toEqual(Array.from(bandIndices(n)));
          for (let j = 0; j < band.index.length; j++) {
            const at = seeds.map((s) => s[band.index[j]]);
            expect(band.p10[j]).toBeCloseTo(naiveQuantile(at, 0.1), 6);
            expect(band.p50[j]).toBeCloseTo(naiveQuantile(at, 0.5), 6);
            expect(band.p90[j]).toBeCloseTo(naiveQuantile(at, 0.9), 6);
            expect(band.p10[j]).toBeLessThanOrEqual(band.p50[j]);
            expect(band.p50[j]).toBeLessThanOrEqual(band.p90[j]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('a recorded backtest', () => {
  const dir = tempDir('sextant-band-');
  let store: SqliteStore;
  beforeAll(async () => {
    store = SqliteStore.open(join(dir, 'band.db'));
    await ingest(store, join(SAMPLE_DATA, 'GOOG_1d.csv'), { symbol: 'GOOG' });
  });
  afterAll(() => store.close());

  it('stores the band; its last median is the median random seed’s final equity from the baselines table', async () => {
    const cash = 10_000;
    const run = await runBacktest(store, { strategy: 'sma-cross', symbols: ['GOOG'], interval: '1d', params: { fast: 10, slow: 20 }, cash, randomSeeds: 7 });
    const { series, summary } = (await store.getRun(run.runId))!;
    const n = series.times.length;
    expect(Array.from(series.random_index)).toEqual(Array.from(bandIndices(n)));
    expect(series.random_index).toHaveLength(500);
    const median = (summary.baselines as { name: string; total_return_pct: number }[]).find((b) => b.name === 'random (median of 7 seeds)')!;
    const last = series.random_index.length - 1;
    expect(series.random_p50[last]).toBeCloseTo(cash * (1 + median.total_return_pct / 100), 6);
    // Every seed starts with the same cash and nothing bought yet.
    expect([series.random_p10[0], series.random_p50[0], series.random_p90[0]]).toEqual([cash, cash, cash]);
    for (let j = 0; j <= last; j++) {
      expect(series.random_p10[j]).toBeLessThanOrEqual(series.random_p50[j]);
      expect(series.random_p50[j]).toBeLessThanOrEqual(series.random_p90[j]);
    }
  });

  it('stores none without random seeds', async () => {
    const run = await runBacktest(store, { strategy: 'sma-cross', symbols: ['GOOG'], interval: '1d', params: { fast: 10, slow: 20 }, randomSeeds: 0 });
    const { series } = (await store.getRun(run.runId))!;
    expect(Object.keys(series).filter((k) => k.startsWith('random_'))).toEqual([]);
  });
});
