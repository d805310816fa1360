import { checkBinaryLabels, checkBins, checkProbabilities, checkSameLength } from '../validation/metrics-check.js';

/** One bin of a reliability curve: what was predicted there on average, and what happened. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  meanPredicted: number;
  /** Fraction of the bin's rows whose label is 1. */
  observedRate: number;
  count: number;
}

/**
 * The reliability (calibration) curve of binary predictions: `bins` equal-width bins over [0, 1],
 * bin b = [b/bins, (b+1)/bins) and the last one closed, so p falls in min(floor(p·bins), bins − 1).
 * Empty bins are left out (as sklearn's calibration_curve does), so the result is JSON-safe and
 * holds between 0 and `bins` entries.
 */
export function reliabilityCurve(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const what = 'reliabilityCurve';
  checkSameLength(y, p, what);
  checkBins(bins, what);
  checkBinaryLabels(y, what);
  checkProbabilities(p, what);
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i] * bins));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i];
  }
  const curve: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    curve.push({ lower: b / bins, upper: (b + 1) / bins, meanPredicted: sumP[b] / count[b], observedRate: sumY[b] / count[b], count: count[b] });
  }
  return curve;
}
