import { ringSize } from './features-plain-momentum.js';

/** Plain loops for ADX, Donchian, parabolic SAR, OBV and Chaikin money flow (see features-plain.ts for the rules). */

/**
 * ADX, +DI, −DI, DX: Wilder running sums of TR, +DM, −DM from bar 1 (the sum of n − 1 values,
 * then S·(n−1)/n + x), ADX the Wilder average of DX seeded with the mean of its first n values.
 */
export function plainAdx(
  hi: Float64Array,
  lo: Float64Array,
  c: Float64Array,
  n: number,
  adx: Float64Array,
  plusDi: Float64Array,
  minusDi: Float64Array,
  dxOut: Float64Array,
): void {
  const alpha = 1 / n;
  adx.fill(NaN, 0, 2 * n - 1);
  plusDi.fill(NaN, 0, n);
  minusDi.fill(NaN, 0, n);
  dxOut.fill(NaN, 0, n);
  let tr = 0;
  let plus = 0;
  let minus = 0;
  let avg = 0;
  for (let i = 1; i < c.length; i++) {
    const h = hi[i];
    const l = lo[i];
    const pc = c[i - 1];
    const a = h - l;
    const b = Math.abs(h - pc);
    const d = Math.abs(l - pc);
    const t = a >= b ? (a >= d ? a : d) : b >= d ? b : d;
    const up = h - hi[i - 1];
    const down = lo[i - 1] - l;
    const p = up > down && up > 0 ? up : 0;
    const m = down > up && down > 0 ? down : 0;
    if (i < n) {
      tr += t;
      plus += p;
      minus += m;
      continue;
    }
    tr = (tr * (n - 1)) / n + t;
    plus = (plus * (n - 1)) / n + p;
    minus = (minus * (n - 1)) / n + m;
    const pdi = tr > 0 ? (100 * plus) / tr : 0;
    const mdi = tr > 0 ? (100 * minus) / tr : 0;
    const sum = pdi + mdi;
    const dx = sum > 0 ? 100 * (Math.abs(pdi - mdi) / sum) : 0;
    plusDi[i] = pdi;
    minusDi[i] = mdi;
    dxOut[i] = dx;
    if (i < 2 * n - 1) {
      avg += dx;
    } else if (i === 2 * n - 1) {
      avg = (avg + dx) / n;
      adx[i] = avg;
    } else {
      avg = (dx - avg) * alpha + avg;
      adx[i] = avg;
    }
  }
}

/** Highest high, lowest low (monotonic deques of bar indices in a power-of-two ring) and their average. */
export function plainDonchian(hi: Float64Array, lo: Float64Array, n: number, upper: Float64Array, mid: Float64Array, lower: Float64Array): void {
  const cap = ringSize(n);
  const mask = cap - 1;
  const qh = new Int32Array(cap);
  const ql = new Int32Array(cap);
  let hh = 0;
  let ht = 0;
  let lh = 0;
  let lt = 0;
  for (let i = 0; i < hi.length; i++) {
    const h = hi[i];
    while (ht > hh && hi[qh[(ht - 1) & mask]] <= h) ht--;
    qh[ht++ & mask] = i;
    if (qh[hh & mask] <= i - n) hh++;
    const l = lo[i];
    while (lt > lh && lo[ql[(lt - 1) & mask]] >= l) lt--;
    ql[lt++ & mask] = i;
    if (ql[lh & mask] <= i - n) lh++;
    if (i < n - 1) {
      upper[i] = mid[i] = lower[i] = NaN;
      continue;
    }
    const u = hi[qh[hh & mask]];
    const d = lo[ql[lh & mask]];
    upper[i] = u;
    lower[i] = d;
    mid[i] = (u + d) / 2;
  }
}

/** Wilder's parabolic SAR, TA-Lib's TA_SAR start and rules (as the kernel documents them). */
export function plainSar(hi: Float64Array, lo: Float64Array, step: number, max: number, o: Float64Array): void {
  o[0] = NaN;
  if (hi.length < 2) return;
  const down0 = lo[0] - lo[1];
  let long = !(down0 > 0 && hi[1] - hi[0] < down0);
  let sar = long ? lo[0] : hi[0];
  let ep = long ? hi[1] : lo[1];
  let af = step;
  for (let i = 1; i < hi.length; i++) {
    const h = hi[i];
    const l = lo[i];
    // At bar 1 TA-Lib takes bar 1's range as the previous one too.
    const ph = i === 1 ? h : hi[i - 1];
    const pl = i === 1 ? l : lo[i - 1];
    if (long) {
      if (l <= sar) {
        long = false;
        sar = Math.max(ep, ph, h);
        o[i] = sar;
        af = step;
        ep = l;
        sar = Math.max(sar + af * (ep - sar), ph, h);
      } else {
        o[i] = sar;
        if (h > ep) {
          ep = h;
          af = Math.min(af + step, max);
        }
        sar = Math.min(sar + af * (ep - sar), pl, l);
      }
    } else if (h >= sar) {
      long = true;
      sar = Math.min(ep, pl, l);
      o[i] = sar;
      af = step;
      ep = h;
      sar = Math.min(sar + af * (ep - sar), pl, l);
    } else {
      o[i] = sar;
      if (l < ep) {
        ep = l;
        af = Math.min(af + step, max);
      }
      sar = Math.max(sar + af * (ep - sar), ph, h);
    }
  }
}

/** OBV += sign(Cₜ − Cₜ₋₁)·V, the sign from two comparisons (no branch on the direction), as the kernel. */
export function plainObv(c: Float64Array, v: Float64Array, o: Float64Array): void {
  let value = v[0];
  o[0] = value;
  for (let i = 1; i < c.length; i++) {
    const x = c[i];
    const p = c[i - 1];
    value += (+(x > p) - +(x < p)) * v[i];
    o[i] = value;
  }
}

/** Chaikin money flow: the flows in a ring of n, the volumes read back from the column, a count of bars with volume. */
export function plainCmf(hi: Float64Array, lo: Float64Array, c: Float64Array, v: Float64Array, n: number, o: Float64Array): void {
  const ring = new Float64Array(n);
  let flow = 0;
  let total = 0;
  let traded = 0;
  let pos = 0;
  for (let i = 0; i < c.length; i++) {
    const h = hi[i];
    const l = lo[i];
    const range = h - l;
    const mult = range !== 0 ? (c[i] - l - (h - c[i])) / range : 0;
    const f = mult * v[i];
    flow += f - ring[pos];
    ring[pos] = f;
    total += v[i] - (i >= n ? v[i - n] : 0);
    traded += (v[i] !== 0 ? 1 : 0) - (i >= n && v[i - n] !== 0 ? 1 : 0);
    if (++pos === n) {
      pos = 0;
      let s = 0;
      let t = 0;
      for (let j = 0; j < n; j++) {
        s += ring[j];
        t += v[i - n + 1 + j];
      }
      flow = s;
      total = t;
    }
    o[i] = i < n - 1 ? NaN : traded > 0 && total !== 0 ? flow / total : 0;
  }
}
