import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AsOfPoints, AsOfCursor, alignAsOf, barsAsPoints } from '../../src/features/asof.js';
import { comovement } from '../../src/features/kernels/cross-asset.js';
import { googDaily, hasSharedData, loadReal, SHARED_DATA } from '../helpers/real-bars.js';

/** From the definition: the latest observation among points published at or before t, in its latest revision by then. */
function naiveAsOf(t: number, p: AsOfPoints): number {
  let best = -1;
  for (let j = 0; j < p.value.length; j++) {
    if (p.publishedAt[j] > t) continue;
    if (best < 0 || p.observedAt[j] > p.observedAt[best] || (p.observedAt[j] === p.observedAt[best] && p.publishedAt[j] >= p.publishedAt[best])) best = j;
  }
  return best < 0 ? NaN : p.value[best];
}

const pointsArb = fc
  .array(fc.record({ o: fc.integer({ min: 0, max: 60 }), lag: fc.integer({ min: 0, max: 30 }), v: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }), { maxLength: 40 })
  .map((raw) => {
    const uniq = new Map(raw.map((r) => [`${r.o}|${r.o + r.lag}`, { observedAt: r.o, publishedAt: r.o + r.lag, value: r.v }]));
    const pts = [...uniq.values()].sort((a, b) => a.publishedAt - b.publishedAt || a.observedAt - b.observedAt);
    return {
      observedAt: Float64Array.from(pts, (p) => p.observedAt),
      publishedAt: Float64Array.from(pts, (p) => p.publishedAt),
      value: Float64Array.from(pts, (p) => p.value),
    } satisfies AsOfPoints;
  });
const timesArb = fc.uniqueArray(fc.integer({ min: -5, max: 100 }), { maxLength: 60 }).map((a) => Float64Array.from(a.sort((x, y) => x - y)));

describe('as-of join', () => {
  it('gives, at every bar, the latest observation published at or before its close (revisions included)', () => {
    fc.assert(
      fc.property(pointsArb, timesArb, (points, times) => {
        const got = alignAsOf(times, points);
        times.forEach((t, i) => expect(Object.is(got[i], naiveAsOf(t, points))).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('is causal: aligning a prefix of the bars gives the prefix of the full alignment, and streaming gives the same', () => {
    fc.assert(
      fc.property(pointsArb, timesArb, fc.nat(), (points, times, cut) => {
        const k = times.length === 0 ? 0 : cut % (times.length + 1);
        const full = alignAsOf(times, points);
        expect(Array.from(alignAsOf(times.subarray(0, k), points))).toEqual(Array.from(full.subarray(0, k)));
        const cursor = new AsOfCursor(points);
        expect(Array.from(times, (t) => cursor.advance(t))).toEqual(Array.from(full));
      }),
      { numRuns: 200 },
    );
  });

  it('never shows a value before its publication, even when the observation is older (a CPI print)', () => {
    // January CPI (observed 2024-01-01) published 2024-02-13; a revision of it published 2024-03-12, with February's print.
    const d = (s: string) => Date.parse(`${s}T00:00:00Z`);
    const points: AsOfPoints = {
      observedAt: Float64Array.of(d('2024-01-01'), d('2024-01-01'), d('2024-02-01')),
      publishedAt: Float64Array.of(d('2024-02-14'), d('2024-03-13'), d('2024-03-13')),
      value: Float64Array.of(308.4, 308.5, 310.3),
    };
    // Daily bars close at the next midnight: the 2024-02-13 bar closes 2024-02-14T00:00Z.
    const closes = Float64Array.of(d('2024-02-13'), d('2024-02-14'), d('2024-03-12'), d('2024-03-13'), d('2024-04-01'));
    expect(Array.from(alignAsOf(closes, points))).toEqual([NaN, 308.4, 308.4, 310.3, 310.3]);
    // A late revision of an old observation does not replace a newer observation.
    const late: AsOfPoints = {
      observedAt: Float64Array.of(d('2024-02-01'), d('2024-01-01')),
      publishedAt: Float64Array.of(d('2024-03-13'), d('2024-03-20')),
      value: Float64Array.of(310.3, 300),
    };
    expect(Array.from(alignAsOf(Float64Array.of(d('2024-03-25')), late))).toEqual([310.3]);
  });
});

/** Correlation and beta of log returns from the definition, over the last n pairs ending at i. */
function naiveComovement(x: Float64Array, y: Float64Array, n: number, i: number): [number, number] {
  const rx: number[] = [];
  const ry: number[] = [];
  for (let j = i - n + 1; j <= i; j++) {
    rx.push(Math.log(x[j] / x[j - 1]));
    ry.push(Math.log(y[j] / y[j - 1]));
  }
  const mx = rx.reduce((a, b) => a + b, 0) / n;
  const my = ry.reduce((a, b) => a + b, 0) / n;
  let cxy = 0;
  let vx = 0;
  let vy = 0;
  for (let j = 0; j < n; j++) {
    cxy += (rx[j] - mx) * (ry[j] - my);
    vx += (rx[j] - mx) ** 2;
    vy += (ry[j] - my) ** 2;
  }
  return [cxy / Math.sqrt(vx * vy), cxy / vy];
}

describe('cross-asset comovement (corr, beta)', () => {
  function check(x: Float64Array, y: Float64Array, n: number): void {
    const corr = new Float64Array(x.length);
    const beta = new Float64Array(x.length);
    comovement(x, y, n, corr, beta);
    for (let i = 0; i < n; i++) expect(corr[i]).toBeNaN();
    let worst = 0;
    for (let i = n; i < x.length; i++) {
      const [c, b] = naiveComovement(x, y, n, i);
      worst = Math.max(worst, Math.abs(corr[i] - c), Math.abs(beta[i] - b) / Math.max(1, Math.abs(b)));
    }
    expect(worst).toBeLessThan(1e-9);
  }

  it('matches the definition on GOOG close against its own open', () => {
    const g = googDaily();
    check(g.close, g.open, 20);
    check(g.close, g.open, 3);
  });

  it.skipIf(!hasSharedData)('matches the definition on ORCL against NVDA, aligned as-of', () => {
    const orcl = loadReal(`${SHARED_DATA}ORCL_1d.csv`);
    const nvda = loadReal(`${SHARED_DATA}NVDA_1d.csv`);
    const ref = alignAsOf(orcl.time, barsAsPoints(nvda.time, nvda.close));
    const first = ref.findIndex((v) => !Number.isNaN(v));
    expect(first).toBeGreaterThanOrEqual(0);
    check(orcl.close.subarray(first), ref.subarray(first), 60);
  });

  it('is exactly 1 against itself and beta 2 against a series with half the log moves', () => {
    const g = googDaily();
    const half = g.close.map((c) => Math.sqrt(c));
    const corr = new Float64Array(g.length);
    const beta = new Float64Array(g.length);
    comovement(g.close, half, 30, corr, beta);
    for (let i = 30; i < g.length; i++) {
      expect(corr[i]).toBeCloseTo(1, 12);
      expect(beta[i]).toBeCloseTo(2, 9);
    }
  });
});
