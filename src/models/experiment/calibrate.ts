import { type Calibrator, type CalibratorKind, fitCalibrator } from '../calibration/calibrator.js';
import { type ReliabilityBin, reliabilityCurve } from '../calibration/reliability.js';
import { brier, expectedCalibrationError, logLoss } from '../validation/metrics.js';
import { pick } from './cross-validate.js';

export interface CalibrationQuality {
  ece: number;
  logLoss: number;
  brier: number;
  reliability: ReliabilityBin[];
}

export interface CalibrationReport {
  kind: CalibratorKind;
  /** Out-of-fold rows the calibrator was fitted on. */
  rows: number;
  before: CalibrationQuality;
  /** Cross-fitted: each fold's predictions calibrated by a calibrator fitted on the other folds only. */
  after: CalibrationQuality;
}

function quality(y: Float64Array, p: Float64Array): CalibrationQuality {
  return { ece: expectedCalibrationError(y, p), logLoss: logLoss(y, p), brier: brier(y, p), reliability: reliabilityCurve(y, p) };
}

/**
 * Fits the calibrator strategies will see on the out-of-fold probabilities of a binary model, and
 * measures it honestly: the "after" figures come from cross-fitting (fold k calibrated by the
 * other folds), so they are not flattered by calibrating on the rows they score.
 */
export function calibrateOutOfFold(kind: CalibratorKind, y: Float64Array, oof: Float64Array, testRows: readonly Int32Array[]): { calibrator: Calibrator; report: CalibrationReport } {
  const all = Int32Array.from(testRows.flatMap((rows) => Array.from(rows)));
  const yAll = pick(y, all);
  const pAll = pick(oof, all);
  const calibrator = fitCalibrator(kind, yAll, pAll);
  const crossFitted = new Float64Array(all.length);
  let at = 0;
  for (const [k, rows] of testRows.entries()) {
    const others = Int32Array.from(testRows.flatMap((r, j) => (j === k ? [] : Array.from(r))));
    const c = fitCalibrator(kind, pick(y, others), pick(oof, others));
    crossFitted.set(c.apply(pick(oof, rows)), at);
    at += rows.length;
  }
  return { calibrator, report: { kind, rows: all.length, before: quality(yAll, pAll), after: quality(yAll, crossFitted) } };
}
