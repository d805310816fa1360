/**
 * Plain loops for the momentum oscillators (see features-plain.ts for the rules). Rolling
 * highs and lows use a monotonic deque of bar indices in a power-of-two ring, as RollingExtreme
 * does (ties: the newer bar wins).
 */

/** Ring capacity (a power of two) for a deque over a window of w bars. */
export function ringSize(w: number): number {
  let c = 1;
  while (c < w + 1) c <<= 1;
  return c;
}

/** Wilder's RSI: 100·G/(G+L), 50 when both are 0. */
export function plainRsi(x: Float64Array, n: number, o: Float64Array): void {
  const a = 1 / n;
  o.fill(NaN, 0, n);
  let g = 0;
  let l = 0;
  for (let i = 1; i <= n; i++) {
    const d = x[i] - x[i - 1];
    g += d > 0 ? d : 0;
    l += d < 0 ? -d : 0;
  }
  g /= n;
  l /= n;
  o[n] = g + l > 0 ? (100 * g) / (g + l) : 50;
  for (let i = n + 1; i < x.length; i++) {
    const d = x[i] - x[i - 1];
    g = ((d > 0 ? d : 0) - g) * a + g;
    l = ((d < 0 ? -d : 0) - l) * a + l;
    const s = g + l;
    o[i] = s > 0 ? (100 * g) / s : 50;
  }
}

/** MACD, signal, histogram; needs fast ≤ slow (the family checks fast < slow). */
export function plainMacd(x: Float64Array, fast: number, slow: number, signal: number, m: Float64Array, s: Float64Array, h: Float64Array): void {
  const af = 2 / (fast + 1);
  const as = 2 / (slow + 1);
  const ag = 2 / (signal + 1);
  const first = slow - 1;
  const full = first + signal - 1;
  m.fill(NaN, 0, first);
  s.fill(NaN, 0, full);
  h.fill(NaN, 0, full);
  let ef = 0;
  let es = 0;
  for (let i = 0; i < fast; i++) ef += x[i];
  for (let i = 0; i < slow; i++) es += x[i];
  ef /= fast;
  for (let i = fast; i < slow; i++) ef = (x[i] - ef) * af + ef;
  es /= slow;
  let eg = ef - es;
  m[first] = eg;
  for (let i = slow; i <= full; i++) {
    ef = (x[i] - ef) * af + ef;
    es = (x[i] - es) * as + es;
    const d = ef - es;
    m[i] = d;
    eg += d;
  }
  eg /= signal;
  s[full] = eg;
  h[full] = m[full] - eg;
  for (let i = full + 1; i < x.length; i++) {
    ef = (x[i] - ef) * af + ef;
    es = (x[i] - es) * as + es;
    const d = ef - es;
    eg = (d - eg) * ag + eg;
    m[i] = d;
    s[i] = eg;
    h[i] = d - eg;
  }
}

/** Slow stochastic: %K = SMA(k) of fast %K (kept in a ring of k), %D = SMA(d) of %K (read back from its column). */
export function plainStoch(
  hi: Float64Array,
  lo: Float64Array,
  c: Float64Array,
  n: number,
  k: number,
  d: number,
  ok: Float64Array,
  od: Float64Array,
): void {
  const cap = ringSize(n);
  const mask = cap - 1;
  const qh = new Int32Array(cap);
  const ql = new Int32Array(cap);
  const fk = new Float64Array(k);
  let hh = 0;
  let ht = 0;
  let lh = 0;
  let lt = 0;
  let sk = 0;
  let sd = 0;
  let pos = 0;
  let wrapD = d;
  for (let i = 0; i < c.length; i++) {
    const h = hi[i];
    while (ht > hh && hi[qh[(ht - 1) & mask]] <= h) ht--;
    qh[ht++ & mask] = i;
    if (qh[hh & mask] <= i - n) hh++;
    const l = lo[i];
    while (lt > lh && lo[ql[(lt - 1) & mask]] >= l) lt--;
    ql[lt++ & mask] = i;
    if (ql[lh & mask] <= i - n) lh++;
    const j = i - (n - 1);
    if (j < 0) {
      ok[i] = od[i] = NaN;
      continue;
    }
    const top = hi[qh[hh & mask]];
    const bottom = lo[ql[lh & mask]];
    const range = top - bottom;
    const f = range === 0 ? 50 : 100 * ((c[i] - bottom) / range);
    sk += f - fk[pos];
    fk[pos] = f;
    if (++pos === k) {
      pos = 0;
      let s = 0;
      for (let q = 0; q < k; q++) s += fk[q];
      sk = s;
    }
    if (j < k - 1) {
      ok[i] = od[i] = NaN;
      continue;
    }
    const kv = sk / k;
    ok[i] = kv;
    const e = j - (k - 1);
    sd += kv - (e >= d ? ok[i - d] : 0);
    if (--wrapD === 0) {
      wrapD = d;
      let s = 0;
      for (let q = i - d + 1; q <= i; q++) s += ok[q];
      sd = s;
    }
    od[i] = e >= d - 1 ? sd / d : NaN;
  }
}

/** Williams %R in −100…0, −50 on a flat range. */
export function plainWillr(hi: Float64Array, lo: Float64Array, c: Float64Array, n: number, o: Float64Array): void {
  const cap = ringSize(n);
  const mask = cap - 1;
  const qh = new Int32Array(cap);
  const ql = new Int32Array(cap);
  let hh = 0;
  let ht = 0;
  let lh = 0;
  let lt = 0;
  for (let i = 0; i < c.length; i++) {
    const h = hi[i];
    while (ht > hh && hi[qh[(ht - 1) & mask]] <= h) ht--;
    qh[ht++ & mask] = i;
    if (qh[hh & mask] <= i - n) hh++;
    const l = lo[i];
    while (lt > lh && lo[ql[(lt - 1) & mask]] >= l) lt--;
    ql[lt++ & mask] = i;
    if (ql[lh & mask] <= i - n) lh++;
    if (i < n - 1) {
      o[i] = NaN;
      continue;
    }
    const top = hi[qh[hh & mask]];
    const range = top - lo[ql[lh & mask]];
    o[i] = range === 0 ? -50 : -100 * ((top - c[i]) / range);
  }
}

/** Aroon over n + 1 bars: up, down and oscillator from the ages of the extremes. */
export function plainAroon(hi: Float64Array, lo: Float64Array, n: number, up: Float64Array, down: Float64Array, osc: Float64Array): void {
  const w = n + 1;
  const cap = ringSize(w);
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
    if (qh[hh & mask] <= i - w) hh++;
    const l = lo[i];
    while (lt > lh && lo[ql[(lt - 1) & mask]] >= l) lt--;
    ql[lt++ & mask] = i;
    if (ql[lh & mask] <= i - w) lh++;
    if (i < n) {
      up[i] = down[i] = osc[i] = NaN;
      continue;
    }
    const u = (100 * (n - (i - qh[hh & mask]))) / n;
    const v = (100 * (n - (i - ql[lh & mask]))) / n;
    up[i] = u;
    down[i] = v;
    osc[i] = u - v;
  }
}

const TP_TOLERANCE = 1e-12;

/**
 * CCI: the mean from a running sum of typical prices (recomputed when the kernel's ring wraps),
 * the mean absolute deviation over a ring of them (O(n) per bar, as the kernel).
 */
export function plainCci(hi: Float64Array, lo: Float64Array, c: Float64Array, n: number, o: Float64Array): void {
  const buf = new Float64Array(n);
  o.fill(NaN, 0, n - 1);
  let sum = 0;
  let pos = 0;
  for (let i = 0; i < c.length; i++) {
    const tp = (hi[i] + lo[i] + c[i]) / 3;
    sum += tp - buf[pos];
    buf[pos] = tp;
    if (++pos === n) {
      pos = 0;
      let s = 0;
      for (let j = 0; j < n; j++) s += buf[j];
      sum = s;
    }
    if (i < n - 1) continue;
    const mean = sum / n;
    let dev = 0;
    for (let j = 0; j < n; j++) dev += Math.abs(buf[j] - mean);
    o[i] = dev > TP_TOLERANCE * n * Math.abs(mean) ? (tp - mean) / ((0.015 * dev) / n) : 0;
  }
}

export function plainRoc(x: Float64Array, n: number, o: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const old = i >= n ? x[i - n] : NaN;
    o[i] = old !== 0 ? 100 * (x[i] / old - 1) : NaN;
  }
}

export function plainMom(x: Float64Array, n: number, o: Float64Array): void {
  for (let i = 0; i < x.length; i++) o[i] = i >= n ? x[i] - x[i - n] : NaN;
}

/** 100·(E3ₜ/E3ₜ₋₁ − 1) of a triple EMA, each seeding on the one before from its first value. */
export function plainTrix(x: Float64Array, n: number, o: Float64Array): void {
  const a = 2 / (n + 1);
  o.fill(NaN, 0, 3 * n - 2);
  let e1 = 0;
  for (let i = 0; i < n; i++) e1 += x[i];
  e1 /= n;
  let e2 = e1;
  for (let i = n; i < 2 * n - 1; i++) {
    e1 = (x[i] - e1) * a + e1;
    e2 += e1;
  }
  e2 /= n;
  let e3 = e2;
  for (let i = 2 * n - 1; i < 3 * n - 2; i++) {
    e1 = (x[i] - e1) * a + e1;
    e2 = (e1 - e2) * a + e2;
    e3 += e2;
  }
  e3 /= n;
  for (let i = 3 * n - 2; i < x.length; i++) {
    e1 = (x[i] - e1) * a + e1;
    e2 = (e1 - e2) * a + e2;
    const prev = e3;
    e3 = (e2 - e3) * a + e3;
    o[i] = prev !== 0 ? 100 * (e3 / prev - 1) : NaN;
  }
}

/**
 * MFI: flows in rings of n (slot per bar from bar 1), summed as the kernel's RollingSums, with
 * its bars-since-a-flow counters that zero an empty side exactly.
 */
export function plainMfi(hi: Float64Array, lo: Float64Array, c: Float64Array, vol: Float64Array, n: number, o: Float64Array): void {
  const ups = new Float64Array(n);
  const downs = new Float64Array(n);
  let prev = (hi[0] + lo[0] + c[0]) / 3;
  let sp = 0;
  let sm = 0;
  let sincePos = 0;
  let sinceNeg = 0;
  let pos = 0;
  o[0] = NaN;
  for (let i = 1; i < c.length; i++) {
    const tp = (hi[i] + lo[i] + c[i]) / 3;
    const flow = tp * vol[i];
    const tie = TP_TOLERANCE * Math.abs(prev);
    const up = tp - prev > tie ? flow : 0;
    const down = prev - tp > tie ? flow : 0;
    prev = tp;
    sincePos = up !== 0 ? 0 : sincePos + 1;
    sinceNeg = down !== 0 ? 0 : sinceNeg + 1;
    sp += up - ups[pos];
    sm += down - downs[pos];
    ups[pos] = up;
    downs[pos] = down;
    if (++pos === n) {
      pos = 0;
      let s = 0;
      let t = 0;
      for (let j = 0; j < n; j++) {
        s += ups[j];
        t += downs[j];
      }
      sp = s;
      sm = t;
    }
    if (i < n) {
      o[i] = NaN;
      continue;
    }
    const p = sincePos >= n ? 0 : sp;
    const m = sinceNeg >= n ? 0 : sm;
    const s = p + m;
    o[i] = s !== 0 ? (100 * p) / s : 50;
  }
}
