import { checkFinite, checkSameLength } from './metrics-check.js';
import { midranks } from './metrics-rank.js';

/** Regression metrics: labels and predictions are finite numbers; an empty input gives NaN. */

export function rmse(y: ArrayLike<number>, prediction: ArrayLike<number>): number {
  check(y, prediction, 'rmse');
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (prediction[i] - y[i]) ** 2;
  return Math.sqrt(sum / y.length);
}

/** Information coefficient: the Pearson correlation of predictions and labels. NaN when either is constant (or fewer than 2 rows). */
export function informationCoefficient(y: ArrayLike<number>, prediction: ArrayLike<number>): number {
  check(y, prediction, 'informationCoefficient');
  return pearson(y, prediction);
}

/** Rank IC: the Spearman correlation, i.e. the Pearson correlation of the midranks (ties share their mean rank). */
export function rankIc(y: ArrayLike<number>, prediction: ArrayLike<number>): number {
  check(y, prediction, 'rankIc');
  return pearson(midranks(y), midranks(prediction));
}

/** Two passes (means, then centred sums) so large offsets do not cancel. */
function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2) return NaN;
  let meanA = 0;
  let meanB = 0;
  let constantA = true;
  let constantB = true;
  for (let i = 0; i < n; i++) {
    meanA += a[i];
    meanB += b[i];
    constantA &&= a[i] === a[0];
    constantB &&= b[i] === b[0];
  }
  // tested directly: the mean of equal values can miss them by an ulp, leaving a spurious variance
  if (constantA || constantB) return NaN;
  meanA /= n;
  meanB /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - meanA;
    const db = b[i] - meanB;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  // rounding can push |r| a hair above 1
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

function check(y: ArrayLike<number>, prediction: ArrayLike<number>, what: string): void {
  checkSameLength(y, prediction, what);
  checkFinite(y, 'y', what);
  checkFinite(prediction, 'prediction', what);
}
