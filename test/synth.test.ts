import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BarSeries } from '../src/core/bar-series.js';
import { DAY_MS, INTERVALS, type Interval, WEEK_MS, addIntervals, intervalMs, isCalendarInterval, periodEnd } from '../src/core/interval.js';
import { barLabel } from '../src/core/time.js';
import { seriesToCsv } from '../src/data/export-csv.js';
import { Rng } from '../src/core/rng.js';
import { REGIME_NAMES, synthesize, synthesizeWithState } from '../src/data/synth.js';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
const INTRADAY = INTERVALS.filter((iv) => !isCalendarInterval(iv));

/** 0 = Sunday ... 6 = Saturday. */
const dow = (t: number): number => new Date(t).getUTCDay();
const isWeekday = (t: number): boolean => dow(t) >= 1 && dow(t) <= 5;

function logReturns(s: BarSeries): Float64Array {
  const r = new Float64Array(s.length - 1);
  for (let i = 1; i < s.length; i++) r[i - 1] = Math.log(s.close[i] / s.close[i - 1]);
  return r;
}
function mean(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m += a[i];
  return m / a.length;
}
function sd(a: ArrayLike<number>): number {
  const m = mean(a);
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - m) ** 2;
  return Math.sqrt(v / (a.length - 1));
}
function excessKurtosis(a: ArrayLike<number>): number {
  const m = mean(a);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] - m) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= a.length;
  m4 /= a.length;
  return m4 / (m2 * m2) - 3;
}
function autocorr(a: ArrayLike<number>, lag: number): number {
  const m = mean(a);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    den += (a[i] - m) ** 2;
    if (i >= lag) num += (a[i] - m) * (a[i - lag] - m);
  }
  return num / den;
}
function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Rng', () => {
  it('is deterministic per seed, distinct across seeds, uniform in [0, 1)', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xa = Array.from({ length: 1000 }, () => a.next());
    const xb = Array.from({ length: 1000 }, () => b.next());
    const xc = Array.from({ length: 1000 }, () => c.next());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
    for (const x of xa) expect(x >= 0 && x < 1).toBe(true);
    expect(Math.abs(mean(xa) - 0.5)).toBeLessThan(0.05);
    // Seeds beyond 32 bits and negative seeds are distinct streams too.
    expect(new Rng(2 ** 40).next()).not.toBe(new Rng(0).next());
    expect(new Rng(-1).next()).not.toBe(new Rng(2 ** 32 - 1).next());
    expect(() => new Rng(1.5)).toThrow(RangeError);
  });

  it('normal has mean 0 and variance 1; studentT(4) has unit variance and fat tails', () => {
    const rng = new Rng(123);
    const n = 200_000;
    const z = new Float64Array(n);
    const t = new Float64Array(n);
    const t7 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      z[i] = rng.normal();
      t[i] = rng.studentT(4);
      t7[i] = rng.studentT(7);
    }
    expect(Math.abs(mean(z))).toBeLessThan(0.01);
    expect(Math.abs(sd(z) - 1)).toBeLessThan(0.01);
    expect(Math.abs(excessKurtosis(z))).toBeLessThan(0.1);
    expect(Math.abs(sd(t) - 1)).toBeLessThan(0.05);
    expect(excessKurtosis(t)).toBeGreaterThan(3);
    // t(7) (gamma path): unit variance, excess kurtosis 6/(7-4) = 2
    expect(Math.abs(sd(t7) - 1)).toBeLessThan(0.02);
    expect(excessKurtosis(t7)).toBeGreaterThan(1);
    expect(() => rng.studentT(2)).toThrow(RangeError);
  });
});

describe('synthesize: determinism', () => {
  it.each(['1m', '15m', '1h', '1d', '1w', '1mo'] as Interval[])('same options and seed give identical columns and CSV bytes (%s)', (interval) => {
    const opts = { symbol: 'SYN', interval, bars: 3000, seed: 20240229 };
    const a = synthesize(opts);
    const b = synthesize({ ...opts });
    expect(a.symbol).toBe('SYN');
    expect(a.interval).toBe(interval);
    expect(a.length).toBe(3000);
    for (const c of COLUMNS) expect(Buffer.from(b[c].buffer).equals(Buffer.from(a[c].buffer))).toBe(true);
    expect(a.adjClose).toBeNull();
    expect(seriesToCsv(b)).toBe(seriesToCsv(a));
  });

  it('does not use Math.random', () => {
    const spy = vi.spyOn(Math, 'random');
    synthesize({ symbol: 'X', interval: '5m', bars: 5000, seed: 1 });
    expect(spy).not.toHaveBeenCalled();
  });

  it('different seeds give different series (but the same calendar)', () => {
    const a = synthesize({ symbol: 'X', interval: '1d', bars: 500, seed: 1 });
    const b = synthesize({ symbol: 'X', interval: '1d', bars: 500, seed: 2 });
    expect(Buffer.from(a.time.buffer).equals(Buffer.from(b.time.buffer))).toBe(true);
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a.close[i] === b.close[i]) same++;
    expect(same).toBeLessThan(25);
    expect(seriesToCsv(a)).not.toBe(seriesToCsv(b));
    // Adjacent seeds, for many seeds: the first few closes already differ.
    const firsts = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      const s = synthesize({ symbol: 'X', interval: '1d', bars: 5, seed });
      firsts.add(Array.from(s.close).join(','));
    }
    expect(firsts.size).toBe(50);
  });

  it('a prefix of a longer series is the shorter series', () => {
    const long = synthesize({ symbol: 'X', interval: '1h', bars: 2000, seed: 9 });
    const short = synthesize({ symbol: 'X', interval: '1h', bars: 700, seed: 9 });
    for (const c of COLUMNS) expect(Array.from(short[c])).toEqual(Array.from(long[c].subarray(0, 700)));
  });

  it('rejects invalid options', () => {
    const base = { symbol: 'X', interval: '1d' as Interval, bars: 10, seed: 1 };
    expect(() => synthesize({ ...base, bars: -1 })).toThrow(/bars/);
    expect(() => synthesize({ ...base, bars: 1.5 })).toThrow(/bars/);
    expect(() => synthesize({ ...base, seed: 0.5 })).toThrow(/seed/);
    expect(() => synthesize({ ...base, startPrice: 0 })).toThrow(/startPrice/);
    expect(() => synthesize({ ...base, tickSize: -0.01 })).toThrow(/tickSize/);
    expect(() => synthesize({ ...base, interval: '2d' as Interval })).toThrow(/interval/);
    expect(synthesize({ ...base, bars: 0 }).length).toBe(0);
  });
});

describe('synthesize: bar invariants (property)', () => {
  const arbOpts = fc.record({
    interval: fc.constantFrom(...INTERVALS),
    bars: fc.integer({ min: 1, max: 400 }),
    seed: fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -5, max: 5 })),
    start: fc.option(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), { nil: undefined }),
    startPrice: fc.option(fc.double({ min: 0.05, max: 50_000, noNaN: true }), { nil: undefined }),
    tickSize: fc.option(fc.constantFrom(0.01, 0.05, 0.25, 1, 0.0001, 0.5), { nil: undefined }),
  });

  /** Every broken invariant of one series, as readable messages (empty when all hold). */
  function violations(s: BarSeries, tick: number): string[] {
    const out: string[] = [];
    const iv = s.interval;
    const step = intervalMs(iv);
    for (let i = 0; i < s.length && out.length < 5; i++) {
      const [op, hi, lo, cl, v, t] = [s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i], s.time[i]];
      const at = `bar ${i} (${new Date(t).toISOString()})`;
      if (!(lo <= Math.min(op, cl) && Math.min(op, cl) <= Math.max(op, cl) && Math.max(op, cl) <= hi)) {
        out.push(`${at}: OHLC not bracketed o=${op} h=${hi} l=${lo} c=${cl}`);
      }
      if (!(lo > 0)) out.push(`${at}: low ${lo} <= 0`);
      for (const p of [op, hi, lo, cl]) {
        const k = p / tick;
        if (!Number.isFinite(p) || Math.abs(k - Math.round(k)) > Math.max(1e-6, Math.abs(k) * 2e-15)) out.push(`${at}: price ${p} off the ${tick} grid`);
      }
      if (!(v >= 0 && Number.isInteger(v))) out.push(`${at}: volume ${v}`);
      // Close times sit on period boundaries, increase strictly...
      if (periodEnd(t - 1, iv) !== t) out.push(`${at}: not a period close`);
      if (i > 0 && !(t > s.time[i - 1])) out.push(`${at}: time not increasing`);
      // ...no bar lies on a weekend...
      if (iv === '1w') {
        if (dow(t) !== 1) out.push(`${at}: weekly close not a Monday`);
      } else if (iv === '1mo') {
        if (new Date(t).getUTCDate() !== 1) out.push(`${at}: monthly close not the 1st`);
        if (i > 0 && t !== addIntervals(s.time[i - 1], '1mo', 1)) out.push(`${at}: month skipped`);
      } else if (!isWeekday(t - step) || !isWeekday(t - 1)) {
        out.push(`${at}: on a weekend`);
      }
      // ...and none is missing: one interval apart, or Friday's last bar then Monday's first.
      if (i > 0 && iv !== '1mo') {
        const gap = t - s.time[i - 1];
        if (gap !== step && !(iv !== '1w' && gap === step + 2 * DAY_MS && dow(s.time[i - 1] - 1) === 5)) {
          out.push(`${at}: gap of ${gap} ms after the previous bar`);
        }
      }
    }
    return out;
  }

  it('OHLC bracket, positive prices on the tick grid, integer volume, weekday calendar', () => {
    fc.assert(
      fc.property(arbOpts, (o) => {
        const s = synthesize({ symbol: 'P', ...o });
        expect(s.length).toBe(o.bars);
        expect(violations(s, o.tickSize ?? 0.01)).toEqual([]);
        if (o.start === undefined) expect(s.time[0]).toBe(periodEnd(Date.UTC(2000, 0, 3), o.interval));
        else expect(s.time[0]).toBeGreaterThanOrEqual(o.start);
      }),
      { numRuns: 300 },
    );
  });

  it('invariants hold over long series too (weekends, regimes, extreme draws)', () => {
    for (const [interval, bars] of [['1m', 200_000], ['1h', 50_000], ['1d', 50_000], ['1w', 5000], ['1mo', 1200]] as const) {
      for (const seed of [0, 1, 77]) {
        expect(violations(synthesize({ symbol: 'L', interval, bars, seed }), 0.01)).toEqual([]);
      }
    }
  });

  it('a weekday-aligned start is used as the first close time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INTRADAY, '1d' as Interval), fc.integer({ min: 0, max: 5000 }), fc.integer(), (iv, k, seed) => {
        const start = addIntervals(Date.UTC(2021, 5, 7), iv, k + 1); // 2021-06-07 is a Monday
        fc.pre(isWeekday(start - intervalMs(iv)));
        expect(synthesize({ symbol: 'X', interval: iv, bars: 3, seed, start }).time[0]).toBe(start);
      }),
    );
  });

  it('daily bars: exactly one per weekday', () => {
    const s = synthesize({ symbol: 'X', interval: '1d', bars: 50, seed: 3 });
    const labels = Array.from(s.time, (t) => barLabel(t, '1d'));
    expect(labels[0]).toBe('2000-01-03');
    expect(labels[4]).toBe('2000-01-07');
    expect(labels[5]).toBe('2000-01-10');
    expect(labels[49]).toBe('2000-03-10'); // 10 full weeks later, a Friday
    expect(new Set(labels).size).toBe(50);
  });

  it('a start on a weekend moves to Monday', () => {
    const sat = Date.UTC(2020, 0, 4, 10, 15); // Saturday 10:15
    const s = synthesize({ symbol: 'X', interval: '1h', bars: 2, seed: 1, start: sat });
    expect(s.time[0]).toBe(Date.UTC(2020, 0, 6, 1));
    const d = synthesize({ symbol: 'X', interval: '1d', bars: 1, seed: 1, start: Date.UTC(2020, 0, 5) }); // Saturday's bar
    expect(barLabel(d.time[0], '1d')).toBe('2020-01-06');
  });
});

describe('synthesize: stylised facts of daily returns', () => {
  it.each([1, 2, 42])('seed %i: fat tails, volatility clustering, no return autocorrelation, volume–|r|, regimes', (seed) => {
    const s = synthesize({ symbol: 'X', interval: '1d', bars: 20_000, seed });
    const r = logReturns(s);
    const absR = r.map(Math.abs);
    // Daily volatility in the 1–2% band (allowing for regimes pulling it a little either way).
    expect(sd(r)).toBeGreaterThan(0.008);
    expect(sd(r)).toBeLessThan(0.02);
    expect(excessKurtosis(r)).toBeGreaterThan(1);
    for (let lag = 1; lag <= 5; lag++) {
      expect(autocorr(absR, lag)).toBeGreaterThan(0.05);
      expect(Math.abs(autocorr(r, lag))).toBeLessThan(0.1);
    }
    // Clustering persists: |r| is still autocorrelated a month later.
    expect(autocorr(absR, 20)).toBeGreaterThan(0.05);
    expect(corr(s.volume.subarray(1), absR)).toBeGreaterThan(0.2);
    // Rolling 250-bar volatility moves with the regimes.
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 250; i <= r.length; i += 10) {
      const v = sd(r.subarray(i - 250, i));
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(hi / lo).toBeGreaterThan(2);
  });

  it('volatility scales with the square root of the bar length', () => {
    const daily = sd(logReturns(synthesize({ symbol: 'X', interval: '1d', bars: 20_000, seed: 5 })));
    const hourly = synthesize({ symbol: 'X', interval: '1h', bars: 24 * 5 * 52 * 8, seed: 5 });
    const minute = synthesize({ symbol: 'X', interval: '1m', bars: 1440 * 5 * 52 * 2, seed: 5, tickSize: 0.0001 });
    const perDay = (s: BarSeries): number => sd(logReturns(s)) * Math.sqrt(DAY_MS / intervalMs(s.interval));
    for (const v of [perDay(hourly), perDay(minute)]) {
      expect(v).toBeGreaterThan(daily / 2);
      expect(v).toBeLessThan(daily * 2);
    }
    // A 1m bar moves about 1/sqrt(1440) of a day.
    expect(sd(logReturns(minute))).toBeLessThan(0.002);
    const weekly = sd(logReturns(synthesize({ symbol: 'X', interval: '1w', bars: 4000, seed: 5 })));
    expect(weekly / daily).toBeGreaterThan(1.5);
    expect(weekly / daily).toBeLessThan(3.5);
  });
});

describe('synthesize: the hidden model', () => {
  it('synthesizeWithState returns the same series as synthesize', () => {
    const opts = { symbol: 'X', interval: '30m' as Interval, bars: 4000, seed: 31 };
    const { series, regime, sigma } = synthesizeWithState(opts);
    const plain = synthesize(opts);
    for (const c of COLUMNS) expect(Buffer.from(series[c].buffer).equals(Buffer.from(plain[c].buffer))).toBe(true);
    expect(regime.length).toBe(4000);
    expect(sigma.length).toBe(4000);
  });

  it.each([1, 2, 42])('seed %i: sticky regimes with their own volatility and drift; GARCH explains the clustering', (seed) => {
    const { series: s, regime, sigma } = synthesizeWithState({ symbol: 'X', interval: '1d', bars: 20_000, seed, tickSize: 0.0001 });
    const r = logReturns(s);
    // Regimes: all visited, sticky (long runs), in roughly their stationary shares.
    const count = [0, 0, 0];
    let runs = 1;
    for (let i = 0; i < regime.length; i++) {
      count[regime[i]]++;
      if (i > 0 && regime[i] !== regime[i - 1]) runs++;
    }
    expect(REGIME_NAMES.length).toBe(3);
    const meanRun = regime.length / runs;
    expect(meanRun).toBeGreaterThan(30);
    expect(meanRun).toBeLessThan(250);
    const share = count.map((c) => c / regime.length);
    expect(Math.abs(share[0] - 0.38)).toBeLessThan(0.15);
    expect(Math.abs(share[1] - 0.51)).toBeLessThan(0.15);
    expect(Math.abs(share[2] - 0.11)).toBeLessThan(0.08);
    // Each regime has its own volatility and drift: turbulent-bear > normal > calm-bull.
    const byRegime: number[][] = [[], [], []];
    for (let i = 1; i < s.length; i++) byRegime[regime[i]].push(r[i - 1]);
    const vols = byRegime.map(sd);
    expect(vols[0]).toBeLessThan(vols[1]);
    expect(vols[1]).toBeLessThan(vols[2]);
    expect(vols[2] / vols[0]).toBeGreaterThan(2);
    expect(mean(byRegime[0])).toBeGreaterThan(0);
    expect(mean(byRegime[2])).toBeLessThan(0);
    // Standardised by the model's conditional volatility, returns are unit-variance,
    // fat-tailed (Student-t) and no longer cluster.
    const e = new Float64Array(r.length);
    for (let i = 1; i < s.length; i++) e[i - 1] = r[i - 1] / sigma[i];
    expect(sd(e)).toBeGreaterThan(0.9);
    expect(sd(e)).toBeLessThan(1.15);
    expect(excessKurtosis(e)).toBeGreaterThan(2);
    const absE = e.map(Math.abs);
    const absR = r.map(Math.abs);
    for (let lag = 1; lag <= 5; lag++) {
      expect(Math.abs(autocorr(absE, lag))).toBeLessThan(0.03);
      expect(autocorr(absR, lag)).toBeGreaterThan(0.15);
    }
    // GARCH: within a regime, a large shock raises the next bar's volatility.
    const shock2: number[] = [];
    const change: number[] = [];
    for (let i = 2; i < s.length; i++) {
      if (regime[i] !== regime[i - 1]) continue;
      shock2.push(e[i - 2] ** 2);
      change.push(Math.log(sigma[i] / sigma[i - 1]));
    }
    expect(corr(shock2, change)).toBeGreaterThan(0.5);
  });

  it('intraday bars cluster too (fast GARCH component) without return autocorrelation', () => {
    for (const seed of [1, 2, 3]) {
      const { series: s, sigma, regime } = synthesizeWithState({ symbol: 'X', interval: '1m', bars: 50_000, seed, tickSize: 0.0001 });
      const r = logReturns(s);
      const absR = r.map(Math.abs);
      for (let lag = 1; lag <= 5; lag++) {
        expect(autocorr(absR, lag)).toBeGreaterThan(0.03);
        expect(Math.abs(autocorr(r, lag))).toBeLessThan(0.05);
      }
      const shock2: number[] = [];
      const change: number[] = [];
      for (let i = 2; i < s.length; i++) {
        if (regime[i] !== regime[i - 1]) continue;
        shock2.push((r[i - 2] / sigma[i - 1]) ** 2);
        change.push(Math.log(sigma[i] / sigma[i - 1]));
      }
      expect(corr(shock2, change)).toBeGreaterThan(0.2);
      expect(corr(s.volume.subarray(1), absR)).toBeGreaterThan(0.2);
    }
  });
});

describe('seriesToCsv', () => {
  const lines = (csv: string): string[] => {
    expect(csv.endsWith('\n')).toBe(true);
    expect(csv.includes('\r')).toBe(false);
    return csv.slice(0, -1).split('\n');
  };

  it('daily series: header, row count, dates', () => {
    const s = synthesize({ symbol: 'X', interval: '1d', bars: 260, seed: 11 });
    const rows = lines(seriesToCsv(s));
    expect(rows[0]).toBe('timestamp,open,high,low,close,volume');
    expect(rows.length).toBe(261);
    expect(rows[1].startsWith('2000-01-03,')).toBe(true);
    expect(rows[6].startsWith('2000-01-10,')).toBe(true); // Friday is followed by Monday
    expect(rows[260].startsWith('2000-12-29,')).toBe(true); // 52 weeks of 5 days; a Friday
    // stamp does not change calendar labels
    expect(seriesToCsv(s, { stamp: 'close' })).toBe(seriesToCsv(s));
    for (let i = 1; i < rows.length; i++) {
      const f = rows[i].split(',');
      expect(f.length).toBe(6);
      expect(f[0]).toBe(barLabel(s.time[i - 1], '1d'));
      expect(f[1]).toBe(s.open[i - 1].toFixed(2));
      expect(f[2]).toBe(s.high[i - 1].toFixed(2));
      expect(f[3]).toBe(s.low[i - 1].toFixed(2));
      expect(f[4]).toBe(s.close[i - 1].toFixed(2));
      expect(f[5]).toMatch(/^\d+$/);
      expect(Number(f[5])).toBe(s.volume[i - 1]);
    }
  });

  it('1m series: open and close stamps across a weekend', () => {
    const n = 1440 * 5 + 3;
    const s = synthesize({ symbol: 'X', interval: '1m', bars: n, seed: 11 });
    const rows = lines(seriesToCsv(s));
    expect(rows.length).toBe(n + 1);
    expect(rows[1].split(',')[0]).toBe('2000-01-03T00:00:00Z');
    expect(rows[1440].split(',')[0]).toBe('2000-01-03T23:59:00Z');
    expect(rows[1441].split(',')[0]).toBe('2000-01-04T00:00:00Z');
    expect(rows[7200].split(',')[0]).toBe('2000-01-07T23:59:00Z'); // last bar of Friday
    expect(rows[7201].split(',')[0]).toBe('2000-01-10T00:00:00Z'); // then Monday
    expect(rows[n].split(',')[0]).toBe('2000-01-10T00:02:00Z');
    const closeRows = lines(seriesToCsv(s, { stamp: 'close' }));
    expect(closeRows[1].split(',')[0]).toBe('2000-01-03T00:01:00Z');
    expect(closeRows[7200].split(',')[0]).toBe('2000-01-08T00:00:00Z');
    expect(closeRows[n].split(',')[0]).toBe('2000-01-10T00:03:00Z');
    // Only the timestamps differ.
    expect(closeRows[5].split(',').slice(1)).toEqual(rows[5].split(',').slice(1));
  });

  it('weekly and monthly labels: the Monday, the first of the month', () => {
    const w = lines(seriesToCsv(synthesize({ symbol: 'X', interval: '1w', bars: 3, seed: 1 })));
    expect(w.slice(1).map((r) => r.split(',')[0])).toEqual(['2000-01-03', '2000-01-10', '2000-01-17']);
    const m = lines(seriesToCsv(synthesize({ symbol: 'X', interval: '1mo', bars: 14, seed: 1 })));
    expect(m[1].split(',')[0]).toBe('2000-01-01');
    expect(m[2].split(',')[0]).toBe('2000-02-01');
    expect(m[14].split(',')[0]).toBe('2001-02-01');
  });

  it('hand-computed rows for a tiny series', () => {
    const col = (...v: number[]): Float64Array => Float64Array.from(v);
    const bars = (iv: Interval, times: number[]): BarSeries =>
      new BarSeries('T', iv, {
        time: col(...times),
        open: col(1.005, 10),
        high: col(2.5, 12.345),
        low: col(0.1, 9.999),
        close: col(1234.5678, 0.005),
        volume: col(1500.6, 0),
        adjClose: null,
      });
    const h = bars('1h', [Date.UTC(2024, 1, 29, 1), Date.UTC(2024, 1, 29, 2)]);
    expect(seriesToCsv(h)).toBe(
      'timestamp,open,high,low,close,volume\n' +
        '2024-02-29T00:00:00Z,1.00,2.50,0.10,1234.57,1501\n' + // 1.005 is 1.00499… as a double
        '2024-02-29T01:00:00Z,10.00,12.35,10.00,0.01,0\n', // 12.345 and 0.005 lie just above their halves
    );
    expect(seriesToCsv(h, { stamp: 'close', decimals: 0 })).toBe(
      'timestamp,open,high,low,close,volume\n2024-02-29T01:00:00Z,1,3,0,1235,1501\n2024-02-29T02:00:00Z,10,12,10,0,0\n',
    );
    expect(seriesToCsv(h, { decimals: 4 }).split('\n')[1]).toBe('2024-02-29T00:00:00Z,1.0050,2.5000,0.1000,1234.5678,1501');
    const d = bars('1d', [Date.UTC(2024, 2, 1), Date.UTC(2024, 2, 4)]);
    expect(seriesToCsv(d).split('\n')[1]).toBe('2024-02-29,1.00,2.50,0.10,1234.57,1501');
    const w = bars('1w', [Date.UTC(2024, 2, 4), Date.UTC(2024, 2, 11)]);
    expect(seriesToCsv(w).split('\n')[1].split(',')[0]).toBe('2024-02-26');
    const m = bars('1mo', [Date.UTC(2024, 2, 1), Date.UTC(2024, 3, 1)]);
    expect(seriesToCsv(m).split('\n').map((r) => r.split(',')[0])).toEqual(['timestamp', '2024-02-01', '2024-03-01', '']);
    expect(seriesToCsv(BarSeries.empty('E', '1d'))).toBe('timestamp,open,high,low,close,volume\n');
  });

  it('property: every field is what toFixed / barLabel / toISOString give', () => {
    const price = fc.oneof(
      fc.double({ noNaN: false }),
      fc.double({ min: -1e6, max: 1e6 }),
      fc.integer({ min: 0, max: 10_000_000 }).map((k) => k / 100),
      fc.constantFrom(0, -0, 1.005, 0.5, 2.5, 1e21, -1e-7, NaN, Infinity),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...INTERVALS),
        fc.integer({ min: Date.UTC(1900, 0, 1) / 60_000, max: Date.UTC(2200, 0, 1) / 60_000 }),
        fc.array(fc.tuple(price, price, price, price, fc.oneof(fc.double({ min: 0, max: 1e15 }), fc.nat())), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom('open' as const, 'close' as const),
        (iv, startMinute, rows, decimals, stamp) => {
          const n = rows.length;
          const time = new Float64Array(n);
          let t = periodEnd(startMinute * 60_000, iv);
          for (let i = 0; i < n; i++) {
            time[i] = t;
            t = addIntervals(t, iv, 1);
          }
          const col = (k: number): Float64Array => Float64Array.from(rows, (r) => r[k]);
          const s = new BarSeries('P', iv, { time, open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4), adjClose: null });
          const out = lines(seriesToCsv(s, { decimals, stamp }));
          expect(out.length).toBe(n + 1);
          const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(decimals) : '');
          for (let i = 0; i < n; i++) {
            const f = out[i + 1].split(',');
            let ts: string;
            if (iv === '1mo') ts = `${barLabel(time[i], iv)}-01`;
            else if (isCalendarInterval(iv)) ts = barLabel(time[i], iv);
            else ts = new Date(stamp === 'open' ? time[i] - intervalMs(iv) : time[i]).toISOString().replace('.000Z', 'Z');
            expect(f).toEqual([ts, fmt(s.open[i]), fmt(s.high[i]), fmt(s.low[i]), fmt(s.close[i]), Number.isFinite(s.volume[i]) ? String(Math.round(s.volume[i])) : '']);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('scale', () => {
  // Speed is measured by `npm run bench`, not asserted here.
  it('1,000,000 one-minute bars: synthesize and export them all', () => {
    const s = synthesize({ symbol: 'BIG', interval: '1m', bars: 1_000_000, seed: 2024 });
    const csv = seriesToCsv(s);
    expect(s.length).toBe(1_000_000);
    let newlines = 0;
    for (let i = csv.indexOf('\n'); i !== -1; i = csv.indexOf('\n', i + 1)) newlines++;
    expect(newlines).toBe(1_000_001);
    // ~1M minutes = 694 weekdays + weekends: the last bar is in 2002.
    expect(csv.slice(csv.lastIndexOf('\n', csv.length - 2) + 1, csv.lastIndexOf('\n', csv.length - 2) + 5)).toBe('2002');
  });
});
