/**
 * Plain loops for the statistics of closes and log returns (see features-plain.ts for the
 * rules). Returns are kept in rings (a log is dearer than a load); the higher moments use the
 * kernel's power sums of r − K, K the window mean at each exact recompute (every n values).
 */

export function plainLogret(c: Float64Array, n: number, o: Float64Array): void {
  for (let i = 0; i < c.length; i++) o[i] = i >= n ? Math.log(c[i] / c[i - n]) : NaN;
}

/** (C − mean)/sample sd over n closes, 0 on a flat window (a run of n equal closes, or no spread). */
export function plainZscore(x: Float64Array, n: number, o: Float64Array): void {
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
    const t = s2 - (s1 * s1) / n;
    const ss = t > 0 ? t : 0;
    o[i] = run >= n || ss === 0 ? 0 : (v - (shift + s1 / n)) / Math.sqrt(ss / (n - 1));
  }
}

/** Bias-corrected skewness (pandas) of the last n log returns; 0 on zero variance. */
export function plainSkew(c: Float64Array, n: number, o: Float64Array): void {
  const ring = new Float64Array(n);
  const factor = Math.sqrt(n * (n - 1)) / (n - 2);
  let shift = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let pos = 0;
  let run = 0;
  let last = NaN;
  o[0] = NaN;
  for (let i = 1; i < c.length; i++) {
    const r = Math.log(c[i] / c[i - 1]);
    run = r === last ? run + 1 : 1;
    last = r;
    if (i === 1) shift = r;
    const d = r - shift;
    const d2 = d * d;
    s1 += d;
    s2 += d2;
    s3 += d2 * d;
    if (i > n) {
      const e = ring[pos] - shift;
      const e2 = e * e;
      s1 -= e;
      s2 -= e2;
      s3 -= e2 * e;
    }
    ring[pos] = r;
    if (++pos === n) {
      pos = 0;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += ring[j];
      const k = sum / n;
      let a = 0;
      let b = 0;
      let q = 0;
      for (let j = 0; j < n; j++) {
        const e = ring[j] - k;
        const e2 = e * e;
        a += e;
        b += e2;
        q += e2 * e;
      }
      shift = k;
      s1 = a;
      s2 = b;
      s3 = q;
    }
    if (i < n) {
      o[i] = NaN;
      continue;
    }
    const a = s1 / n;
    const b2 = s2 / n;
    const a2 = a * a;
    const t = b2 - a2;
    const m2 = t > 0 ? t : 0;
    const m3 = s3 / n - 3 * a * b2 + 2 * a2 * a;
    o[i] = run >= n || m2 === 0 ? 0 : (factor * m3) / (m2 * Math.sqrt(m2));
  }
}

/** Bias-corrected excess kurtosis (pandas) of the last n log returns; 0 on zero variance. */
export function plainKurt(c: Float64Array, n: number, o: Float64Array): void {
  const ring = new Float64Array(n);
  let shift = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let pos = 0;
  let run = 0;
  let last = NaN;
  o[0] = NaN;
  for (let i = 1; i < c.length; i++) {
    const r = Math.log(c[i] / c[i - 1]);
    run = r === last ? run + 1 : 1;
    last = r;
    if (i === 1) shift = r;
    const d = r - shift;
    const d2 = d * d;
    s1 += d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
    if (i > n) {
      const e = ring[pos] - shift;
      const e2 = e * e;
      s1 -= e;
      s2 -= e2;
      s3 -= e2 * e;
      s4 -= e2 * e2;
    }
    ring[pos] = r;
    if (++pos === n) {
      pos = 0;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += ring[j];
      const k = sum / n;
      let a = 0;
      let b = 0;
      let q = 0;
      let f = 0;
      for (let j = 0; j < n; j++) {
        const e = ring[j] - k;
        const e2 = e * e;
        a += e;
        b += e2;
        q += e2 * e;
        f += e2 * e2;
      }
      shift = k;
      s1 = a;
      s2 = b;
      s3 = q;
      s4 = f;
    }
    if (i < n) {
      o[i] = NaN;
      continue;
    }
    const a = s1 / n;
    const b2 = s2 / n;
    const b3 = s3 / n;
    const a2 = a * a;
    const t = b2 - a2;
    const m2 = t > 0 ? t : 0;
    const m4 = s4 / n - 4 * a * b3 + 6 * a2 * b2 - 3 * a2 * a2;
    o[i] = run >= n || m2 === 0 ? 0 : ((n * n - 1) * (m4 / (m2 * m2)) - 3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3));
  }
}

/** Correlation of (rₜ, rₜ₋ₗ) over the last n pairs of log returns, shifted sums as the kernel's RollingCorrelation. */
export function plainAutocorr(c: Float64Array, n: number, l: number, o: Float64Array): void {
  const rs = new Float64Array(l + 1);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let kx = 0;
  let ky = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let pos = 0;
  let runX = 0;
  let runY = 0;
  let lastX = NaN;
  let lastY = NaN;
  o.fill(NaN, 0, Math.min(c.length, l + 1));
  for (let i = 1; i < c.length; i++) {
    const x = Math.log(c[i] / c[i - 1]);
    rs[i % (l + 1)] = x;
    const p = i - 1 - l;
    if (p < 0) continue;
    const y = rs[(i - l) % (l + 1)];
    runX = x === lastX ? runX + 1 : 1;
    lastX = x;
    runY = y === lastY ? runY + 1 : 1;
    lastY = y;
    const flat = runX >= n || runY >= n;
    if (p === 0) {
      kx = x;
      ky = y;
    }
    const dx = x - kx;
    const dy = y - ky;
    sx += dx;
    sy += dy;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
    if (p >= n) {
      const ox = xs[pos] - kx;
      const oy = ys[pos] - ky;
      sx -= ox;
      sy -= oy;
      sxx -= ox * ox;
      syy -= oy * oy;
      sxy -= ox * oy;
    }
    xs[pos] = x;
    ys[pos] = y;
    if (++pos === n) {
      pos = 0;
      let mx = 0;
      let my = 0;
      for (let j = 0; j < n; j++) {
        mx += xs[j];
        my += ys[j];
      }
      mx /= n;
      my /= n;
      let a = 0;
      let b = 0;
      let aa = 0;
      let bb = 0;
      let ab = 0;
      for (let j = 0; j < n; j++) {
        const u = xs[j] - mx;
        const v = ys[j] - my;
        a += u;
        b += v;
        aa += u * u;
        bb += v * v;
        ab += u * v;
      }
      kx = mx;
      ky = my;
      sx = a;
      sy = b;
      sxx = aa;
      syy = bb;
      sxy = ab;
    }
    if (p < n - 1) {
      o[i] = NaN;
      continue;
    }
    const cxx = sxx - (sx * sx) / n;
    const cyy = syy - (sy * sy) / n;
    if (flat || !(cxx > 0 && cyy > 0)) {
      o[i] = 0;
      continue;
    }
    const rho = (sxy - (sx * sy) / n) / Math.sqrt(cxx * cyy);
    o[i] = rho > 1 ? 1 : rho < -1 ? -1 : rho;
  }
}
