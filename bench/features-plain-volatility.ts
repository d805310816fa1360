/**
 * Plain loops for true range, ATR, Bollinger and Keltner bands and the rolling standard
 * deviations (see features-plain.ts for the rules). The rolling moments are the kernel's
 * RollingMoments maths: sums of x − K, K the first value and then the newest value at each
 * exact recompute (every n values).
 */

export function plainTr(hi: Float64Array, lo: Float64Array, c: Float64Array, o: Float64Array): void {
  o[0] = NaN;
  for (let i = 1; i < c.length; i++) {
    const pc = c[i - 1];
    const a = hi[i] - lo[i];
    const b = Math.abs(hi[i] - pc);
    const d = Math.abs(lo[i] - pc);
    o[i] = a >= b ? (a >= d ? a : d) : b >= d ? b : d;
  }
}

/** Wilder smoothing of TR from bar 1, seeded with the mean of its first n values. */
export function plainAtr(hi: Float64Array, lo: Float64Array, c: Float64Array, n: number, o: Float64Array): void {
  const alpha = 1 / n;
  o.fill(NaN, 0, n);
  let v = 0;
  for (let i = 1; i <= n; i++) {
    const pc = c[i - 1];
    const a = hi[i] - lo[i];
    const b = Math.abs(hi[i] - pc);
    const d = Math.abs(lo[i] - pc);
    v += a >= b ? (a >= d ? a : d) : b >= d ? b : d;
  }
  v /= n;
  o[n] = v;
  for (let i = n + 1; i < c.length; i++) {
    const pc = c[i - 1];
    const a = hi[i] - lo[i];
    const b = Math.abs(hi[i] - pc);
    const d = Math.abs(lo[i] - pc);
    const tr = a >= b ? (a >= d ? a : d) : b >= d ? b : d;
    v = (tr - v) * alpha + v;
    o[i] = v;
  }
}

/** Bollinger bands with the population sd; the bands collapse on a run of n equal closes. */
export function plainBollinger(
  x: Float64Array,
  n: number,
  k: number,
  upper: Float64Array,
  mid: Float64Array,
  lower: Float64Array,
  pctb: Float64Array,
  width: Float64Array,
): void {
  let shift = x[0];
  let s1 = 0;
  let s2 = 0;
  let wrap = n;
  let run = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    run = i > 0 && v === x[i - 1] ? run + 1 : 1;
    const d = v - shift;
    if (i >= n) {
      const o = x[i - n] - shift;
      s1 += d - o;
      s2 += d * d - o * o;
    } else {
      s1 += d;
      s2 += d * d;
    }
    if (--wrap === 0) {
      wrap = n;
      let a = 0;
      let b = 0;
      for (let j = i - n + 1; j <= i; j++) {
        const e = x[j] - v;
        a += e;
        b += e * e;
      }
      shift = v;
      s1 = a;
      s2 = b;
    }
    if (i < n - 1) {
      upper[i] = mid[i] = lower[i] = pctb[i] = width[i] = NaN;
      continue;
    }
    const flat = run >= n;
    const ss = s2 - (s1 * s1) / n;
    const m = flat ? v : shift + s1 / n;
    const band = flat ? 0 : k * Math.sqrt((ss > 0 ? ss : 0) / n);
    const spread = 2 * band;
    const lo = m - band;
    mid[i] = m;
    upper[i] = m + band;
    lower[i] = lo;
    pctb[i] = spread > 0 ? (v - lo) / spread : 0.5;
    width[i] = spread > 0 ? (m !== 0 ? spread / m : NaN) : 0;
  }
}

/** Keltner channels: EMA(n) of the typical price (from bar n − 1) ± k·ATR(n) (from bar n). */
export function plainKeltner(
  hi: Float64Array,
  lo: Float64Array,
  c: Float64Array,
  n: number,
  k: number,
  upper: Float64Array,
  mid: Float64Array,
  lower: Float64Array,
): void {
  const a = 2 / (n + 1);
  const alpha = 1 / n;
  mid.fill(NaN, 0, n - 1);
  upper.fill(NaN, 0, n);
  lower.fill(NaN, 0, n);
  let e = 0;
  let atr = 0;
  for (let i = 0; i < n; i++) e += (hi[i] + lo[i] + c[i]) / 3;
  e /= n;
  mid[n - 1] = e;
  for (let i = 1; i <= n; i++) {
    const pc = c[i - 1];
    const r = hi[i] - lo[i];
    const b = Math.abs(hi[i] - pc);
    const d = Math.abs(lo[i] - pc);
    atr += r >= b ? (r >= d ? r : d) : b >= d ? b : d;
  }
  atr /= n;
  e = ((hi[n] + lo[n] + c[n]) / 3 - e) * a + e;
  mid[n] = e;
  upper[n] = e + k * atr;
  lower[n] = e - k * atr;
  for (let i = n + 1; i < c.length; i++) {
    const h = hi[i];
    const l = lo[i];
    const pc = c[i - 1];
    e = ((h + l + c[i]) / 3 - e) * a + e;
    const r = h - l;
    const b = Math.abs(h - pc);
    const d = Math.abs(l - pc);
    const tr = r >= b ? (r >= d ? r : d) : b >= d ? b : d;
    atr = (tr - atr) * alpha + atr;
    const band = k * atr;
    mid[i] = e;
    upper[i] = e + band;
    lower[i] = e - band;
  }
}

/** Sample sd (divisor n − 1) of the last n values. */
export function plainRunSd(x: Float64Array, n: number, o: Float64Array): void {
  let shift = x[0];
  let s1 = 0;
  let s2 = 0;
  let wrap = n;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const d = v - shift;
    if (i >= n) {
      const e = x[i - n] - shift;
      s1 += d - e;
      s2 += d * d - e * e;
    } else {
      s1 += d;
      s2 += d * d;
    }
    if (--wrap === 0) {
      wrap = n;
      let a = 0;
      let b = 0;
      for (let j = i - n + 1; j <= i; j++) {
        const e = x[j] - v;
        a += e;
        b += e * e;
      }
      shift = v;
      s1 = a;
      s2 = b;
    }
    if (i < n - 1) {
      o[i] = NaN;
      continue;
    }
    const ss = s2 - (s1 * s1) / n;
    o[i] = Math.sqrt((ss > 0 ? ss : 0) / (n - 1));
  }
}

/** √252 · sample sd of the last n − 1 log returns, kept in a ring (a log is dearer than a load). */
export function plainVolatility(c: Float64Array, n: number, o: Float64Array): void {
  const m = n - 1;
  const ring = new Float64Array(m);
  const sqrt252 = Math.sqrt(252);
  let shift = 0;
  let s1 = 0;
  let s2 = 0;
  let pos = 0;
  o[0] = NaN;
  for (let i = 1; i < c.length; i++) {
    const r = Math.log(c[i] / c[i - 1]);
    if (i === 1) shift = r;
    const d = r - shift;
    if (i > m) {
      const e = ring[pos] - shift;
      s1 += d - e;
      s2 += d * d - e * e;
    } else {
      s1 += d;
      s2 += d * d;
    }
    ring[pos] = r;
    if (++pos === m) {
      pos = 0;
      let a = 0;
      let b = 0;
      for (let j = 0; j < m; j++) {
        const e = ring[j] - r;
        a += e;
        b += e * e;
      }
      shift = r;
      s1 = a;
      s2 = b;
    }
    if (i < m) {
      o[i] = NaN;
      continue;
    }
    const ss = s2 - (s1 * s1) / m;
    o[i] = sqrt252 * Math.sqrt((ss > 0 ? ss : 0) / (m - 1));
  }
}
