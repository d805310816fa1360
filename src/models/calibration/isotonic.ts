import { SextantError } from '../../core/errors.js';
import { checkBinaryLabels, checkProbabilities, checkSameLength } from '../validation/metrics-check.js';

/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing sequence closest to
 * `values` in weighted squared error. Each pooled block takes the weighted mean of its values.
 * Weights (default 1) must be positive.
 */
export function isotonicRegression(values: ArrayLike<number>, weight?: ArrayLike<number>): Float64Array {
  const n = values.length;
  if (weight !== undefined) {
    if (weight.length !== n) throw new SextantError('CALIBRATION_INVALID', `isotonicRegression: ${weight.length} weights for ${n} values`, { values: n, weights: weight.length });
    for (let i = 0; i < n; i++) {
      if (!(weight[i] > 0 && Number.isFinite(weight[i]))) throw new SextantError('CALIBRATION_INVALID', `isotonicRegression: weight[${i}] = ${weight[i]}, expected a positive number`, { index: i, value: weight[i] });
    }
  }
  // blocks on a stack: weighted sum, total weight and first index of each
  const sum = new Float64Array(n);
  const total = new Float64Array(n);
  const start = new Int32Array(n);
  let blocks = 0;
  for (let i = 0; i < n; i++) {
    const w = weight === undefined ? 1 : weight[i];
    sum[blocks] = w * values[i];
    total[blocks] = w;
    start[blocks] = i;
    blocks++;
    // pool while the newest block's mean is below the previous one's
    while (blocks > 1 && sum[blocks - 1] * total[blocks - 2] < sum[blocks - 2] * total[blocks - 1]) {
      sum[blocks - 2] += sum[blocks - 1];
      total[blocks - 2] += total[blocks - 1];
      blocks--;
    }
  }
  const fitted = new Float64Array(n);
  for (let b = 0; b < blocks; b++) fitted.fill(sum[b] / total[b], start[b], b + 1 < blocks ? start[b + 1] : n);
  return fitted;
}

/**
 * The isotonic map of a calibrator: knots x (increasing) and values y (non-decreasing).
 * Between knots the map is linear; below the first knot and above the last it is flat (clipped),
 * as in sklearn's IsotonicRegression(out_of_bounds='clip').
 */
export interface IsotonicMap {
  x: Float64Array;
  y: Float64Array;
}

/**
 * Fits the map from predicted probabilities p to observed labels y: rows sorted by p, rows with
 * equal p merged into one point (their mean label, weighted by their count), PAV, and then only
 * the first and last point of each constant run kept as knots (the inner ones add nothing to a
 * linear interpolation).
 */
export function fitIsotonicMap(y: ArrayLike<number>, p: ArrayLike<number>): IsotonicMap {
  const what = 'fitIsotonic';
  checkSameLength(y, p, what, 'CALIBRATION_INVALID');
  checkBinaryLabels(y, what, 'CALIBRATION_INVALID');
  checkProbabilities(p, what, 'CALIBRATION_INVALID');
  const n = y.length;
  if (n === 0) throw new SextantError('CALIBRATION_INVALID', `${what}: no rows to fit on`, { where: what });
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => p[i] - p[j]);
  const xs = new Float64Array(n);
  const means = new Float64Array(n);
  const counts = new Float64Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (m > 0 && p[i] === xs[m - 1]) {
      means[m - 1] += y[i];
      counts[m - 1]++;
    } else {
      xs[m] = p[i];
      means[m] = y[i];
      counts[m] = 1;
      m++;
    }
  }
  for (let k = 0; k < m; k++) means[k] /= counts[k];
  const fitted = isotonicRegression(means.subarray(0, m), counts.subarray(0, m));
  const keepX: number[] = [];
  const keepY: number[] = [];
  for (let k = 0; k < m; k++) {
    const inner = k > 0 && k < m - 1 && fitted[k] === fitted[k - 1] && fitted[k] === fitted[k + 1];
    if (inner) continue;
    keepX.push(xs[k]);
    keepY.push(fitted[k]);
  }
  return { x: Float64Array.from(keepX), y: Float64Array.from(keepY) };
}

/** The map at each p: linear between knots, flat outside them; NaN stays NaN. */
export function applyIsotonic(map: IsotonicMap, p: Float64Array): Float64Array {
  const { x, y } = map;
  const last = x.length - 1;
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (Number.isNaN(v)) out[i] = NaN;
    else if (v <= x[0]) out[i] = y[0];
    else if (v >= x[last]) out[i] = y[last];
    else {
      // the last knot ≤ v, by binary search: x[lo] ≤ v < x[lo + 1]
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid] <= v) lo = mid;
        else hi = mid;
      }
      out[i] = y[lo] + ((v - x[lo]) * (y[lo + 1] - y[lo])) / (x[lo + 1] - x[lo]);
    }
  }
  return out;
}
