/**
 * Plain loops for the moving averages (see features-plain.ts for the rules). A countdown per
 * running sum marks the bars where the kernel's ring wraps and it recomputes the sum exactly.
 * The series is assumed longer than the warm-up.
 */

export function plainSma(x: Float64Array, n: number, o: Float64Array): void {
  o.fill(NaN, 0, n - 1);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  o[n - 1] = sum / n;
  let wrap = n;
  for (let i = n; i < x.length; i++) {
    sum += x[i] - x[i - n];
    if (--wrap === 0) {
      wrap = n;
      let s = 0;
      for (let j = i - n + 1; j <= i; j++) s += x[j];
      sum = s;
    }
    o[i] = sum / n;
  }
}

export function plainEma(x: Float64Array, n: number, o: Float64Array): void {
  const a = 2 / (n + 1);
  o.fill(NaN, 0, n - 1);
  let seed = 0;
  for (let i = 0; i < n; i++) seed += x[i];
  let v = seed / n;
  o[n - 1] = v;
  for (let i = n; i < x.length; i++) {
    v = (x[i] - v) * a + v;
    o[i] = v;
  }
}

export function plainWma(x: Float64Array, n: number, o: Float64Array): void {
  const divisor = (n * (n + 1)) / 2;
  o.fill(NaN, 0, n - 1);
  // The kernel's first recompute, at bar n − 1, replaces the running sums of the warm-up.
  let sum = 0;
  let weighted = 0;
  for (let j = 0; j < n; j++) {
    sum += x[j];
    weighted += (j + 1) * x[j];
  }
  o[n - 1] = weighted / divisor;
  let wrap = n;
  for (let i = n; i < x.length; i++) {
    const v = x[i];
    weighted += n * v - sum;
    sum += v - x[i - n];
    if (--wrap === 0) {
      wrap = n;
      let s = 0;
      let w = 0;
      for (let j = 0; j < n; j++) {
        const y = x[i - n + 1 + j];
        s += y;
        w += (j + 1) * y;
      }
      sum = s;
      weighted = w;
    }
    o[i] = weighted / divisor;
  }
}

/** 2·E1 − E2; E2 seeds on E1's values from E1's first one (bar n − 1). */
export function plainDema(x: Float64Array, n: number, o: Float64Array): void {
  const a = 2 / (n + 1);
  o.fill(NaN, 0, 2 * (n - 1));
  let e1 = 0;
  for (let i = 0; i < n; i++) e1 += x[i];
  e1 /= n;
  let e2 = e1;
  for (let i = n; i < 2 * n - 1; i++) {
    e1 = (x[i] - e1) * a + e1;
    e2 += e1;
  }
  e2 /= n;
  o[2 * n - 2] = 2 * e1 - e2;
  for (let i = 2 * n - 1; i < x.length; i++) {
    e1 = (x[i] - e1) * a + e1;
    e2 = (e1 - e2) * a + e2;
    o[i] = 2 * e1 - e2;
  }
}

/** 3·E1 − 3·E2 + E3, each EMA seeding on the one before from its first value. */
export function plainTema(x: Float64Array, n: number, o: Float64Array): void {
  const a = 2 / (n + 1);
  o.fill(NaN, 0, 3 * (n - 1));
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
  o[3 * n - 3] = 3 * e1 - 3 * e2 + e3;
  for (let i = 3 * n - 2; i < x.length; i++) {
    e1 = (x[i] - e1) * a + e1;
    e2 = (e1 - e2) * a + e2;
    e3 = (e2 - e3) * a + e3;
    o[i] = 3 * e1 - 3 * e2 + e3;
  }
}

/** WMA over ⌊√n⌋ of 2·WMA(⌊n/2⌋) − WMA(n); the outer average keeps its inputs in a small ring. */
export function plainHma(x: Float64Array, n: number, o: Float64Array): void {
  const h = Math.floor(n / 2);
  const m = Math.floor(Math.sqrt(n));
  const dh = (h * (h + 1)) / 2;
  const dn = (n * (n + 1)) / 2;
  const dm = (m * (m + 1)) / 2;
  const ring = new Float64Array(m);
  let sh = 0;
  let wh = 0;
  let sn = 0;
  let wn = 0;
  let so = 0;
  let wo = 0;
  let wrapH = h;
  let wrapN = n;
  let pos = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    wh += h * v - sh;
    sh += v - (i >= h ? x[i - h] : 0);
    if (--wrapH === 0) {
      wrapH = h;
      let s = 0;
      let w = 0;
      for (let j = 0; j < h; j++) {
        const y = x[i - h + 1 + j];
        s += y;
        w += (j + 1) * y;
      }
      sh = s;
      wh = w;
    }
    wn += n * v - sn;
    sn += v - (i >= n ? x[i - n] : 0);
    if (--wrapN === 0) {
      wrapN = n;
      let s = 0;
      let w = 0;
      for (let j = 0; j < n; j++) {
        const y = x[i - n + 1 + j];
        s += y;
        w += (j + 1) * y;
      }
      sn = s;
      wn = w;
    }
    if (i < n - 1) {
      o[i] = NaN;
      continue;
    }
    const y = 2 * (wh / dh) - wn / dn;
    wo += m * y - so;
    so += y - ring[pos];
    ring[pos] = y;
    if (++pos === m) {
      pos = 0;
      let s = 0;
      let w = 0;
      for (let j = 0; j < m; j++) {
        s += ring[j];
        w += (j + 1) * ring[j];
      }
      so = s;
      wo = w;
    }
    o[i] = i - (n - 1) >= m - 1 ? wo / dm : NaN;
  }
}

/**
 * Kaufman's adaptive average as documented (TA-Lib): ER = |xₜ − xₜ₋ₙ| / Σ|Δx| over the last n
 * changes, seeded with x at bar n − 1.
 */
export function plainKama(x: Float64Array, n: number, o: Float64Array): void {
  const fast = 2 / 3;
  const slow = 2 / 31;
  o.fill(NaN, 0, n);
  // Σ|Δx| over the last n changes; the kernel's running sum starts at bar 1, so it wraps at bars n, 2n, ...
  let path = 0;
  for (let j = 1; j <= n; j++) path += Math.abs(x[j] - x[j - 1]);
  let value = x[n - 1];
  let er = path > 0 ? Math.abs(x[n] - x[0]) / path : 0;
  let a = er * (fast - slow) + slow;
  value += a * a * (x[n] - value);
  o[n] = value;
  let wrap = n;
  for (let i = n + 1; i < x.length; i++) {
    path += Math.abs(x[i] - x[i - 1]) - Math.abs(x[i - n] - x[i - n - 1]);
    if (--wrap === 0) {
      wrap = n;
      let s = 0;
      for (let j = i - n + 1; j <= i; j++) s += Math.abs(x[j] - x[j - 1]);
      path = s;
    }
    er = path > 0 ? Math.abs(x[i] - x[i - n]) / path : 0;
    a = er * (fast - slow) + slow;
    value += a * a * (x[i] - value);
    o[i] = value;
  }
}

export function plainVwap(c: Float64Array, v: Float64Array, n: number, o: Float64Array): void {
  let pv = 0;
  let vs = 0;
  let wrap = n;
  for (let i = 0; i < c.length; i++) {
    pv += c[i] * v[i] - (i >= n ? c[i - n] * v[i - n] : 0);
    vs += v[i] - (i >= n ? v[i - n] : 0);
    if (--wrap === 0) {
      wrap = n;
      let s = 0;
      let t = 0;
      for (let j = i - n + 1; j <= i; j++) {
        s += c[j] * v[j];
        t += v[j];
      }
      pv = s;
      vs = t;
    }
    o[i] = i >= n - 1 && vs > 0 ? pv / vs : NaN;
  }
}
