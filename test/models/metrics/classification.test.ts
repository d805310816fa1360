import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { accuracy, auc, brier, expectedCalibrationError, logLoss, multiclassAccuracy, multiclassLogLoss } from '../../../src/models/validation/metrics.js';

/** The definition: the fraction of (positive, negative) pairs ordered correctly, ties counting one half. */
function aucByPairs(y: number[], score: number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    for (let j = 0; j < y.length; j++) {
      if (y[i] !== 1 || y[j] !== 0) continue;
      pairs++;
      sum += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  return sum / pairs;
}

/** Labels with both classes, and scores from a small set of values so that ties are common. */
const labelledScores = fc
  .array(fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: -5, max: 5 })), { minLength: 2, maxLength: 40 })
  .filter((rows) => rows.some((r) => r[0] === 1) && rows.some((r) => r[0] === 0))
  .map((rows) => ({ y: rows.map((r) => r[0]), score: rows.map((r) => r[1] / 10) }));

/** Probabilities k / 997: 997 is prime, so none lies on a bin edge b / bins (bins ≤ 12) except 0 and 1. */
const labelledProbabilities = fc
  .array(fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 997 })), { minLength: 1, maxLength: 40 })
  .map((rows) => ({ y: rows.map((r) => r[0]), p: rows.map((r) => r[1] / 997) }));

function expectCode(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SextantError);
    expect((e as SextantError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code} to be thrown`);
}

describe('auc', () => {
  test("sklearn's documented example: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75", () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  test('ties count one half: all scores equal gives 0.5', () => {
    expect(auc([0, 1, 0, 1, 1], [3, 3, 3, 3, 3])).toBe(0.5);
  });

  test('equals the fraction of correctly ordered positive–negative pairs (ties ½)', () => {
    fc.assert(
      fc.property(labelledScores, ({ y, score }) => {
        expect(auc(y, score)).toBeCloseTo(aucByPairs(y, score), 12);
      }),
    );
  });

  test('is invariant to strictly increasing transforms of the score', () => {
    fc.assert(
      fc.property(labelledScores, ({ y, score }) => {
        const transformed = score.map((s) => Math.exp(3 * s) + s ** 3);
        expect(auc(y, transformed)).toBeCloseTo(auc(y, score), 12);
      }),
    );
  });

  test('AUC(1 − score) = 1 − AUC(score)', () => {
    fc.assert(
      fc.property(labelledScores, ({ y, score }) => {
        expect(auc(y, score.map((s) => 1 - s))).toBeCloseTo(1 - auc(y, score), 12);
      }),
    );
  });

  test('is NaN when only one class is present', () => {
    expect(auc([1, 1, 1], [0.2, 0.5, 0.9])).toBeNaN();
    expect(auc([], [])).toBeNaN();
  });
});

describe('logLoss, brier, accuracy', () => {
  test("sklearn's documented log_loss example: 0.21616…", () => {
    // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]), spam = 1
    const expected = -(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4;
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(expected, 15);
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616187468057912, 14);
  });

  test('a certain miss is clipped at 1e-15: −ln(1e-15) ≈ 34.54', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 10);
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-15), 1);
    expect(logLoss([1, 0], [1, 0])).toBeLessThan(1e-14);
  });

  test("sklearn's documented brier_score_loss example: 0.0375", () => {
    expect(brier([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])).toBeCloseTo(0.0375, 15);
  });

  test('Brier score is in [0, 1] and 0 only for certain, right predictions', () => {
    fc.assert(
      fc.property(labelledProbabilities, ({ y, p }) => {
        const b = brier(y, p);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(1);
      }),
    );
    expect(brier([0, 1], [0, 1])).toBe(0);
    expect(brier([0, 1], [1, 0])).toBe(1);
  });

  test('accuracy predicts class 1 when p > threshold (0.5 itself reads as class 0)', () => {
    expect(accuracy([1, 0, 1, 0], [0.7, 0.5, 0.5, 0.2])).toBe(0.75);
    expect(accuracy([1, 0, 1, 0], [0.7, 0.5, 0.5, 0.2], 0.4)).toBe(0.75);
    expect(accuracy([1, 0, 1, 0], [0.7, 0.35, 0.5, 0.2], 0.3)).toBe(0.75);
  });
});

describe('expectedCalibrationError', () => {
  test('a hand-computed example over 10 bins', () => {
    // bins: 0.05 → [0, .1), 0.15 → [.1, .2), 0.55 → [.5, .6), 0.92 and 0.95 → [.9, 1]
    // ECE = (1·0.05 + 1·0.85 + 1·0.45 + 2·|0.935 − 0.5|) / 5 = 0.444
    expect(expectedCalibrationError([0, 1, 1, 0, 1], [0.05, 0.15, 0.95, 0.92, 0.55])).toBeCloseTo(0.444, 14);
  });

  test('is 0 when each bin predicts its observed rate, and p = 1 falls in the last bin', () => {
    expect(expectedCalibrationError([1, 0, 0, 0, 1, 1, 1, 0], [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75])).toBeCloseTo(0, 15);
    expect(expectedCalibrationError([1, 1], [1, 1])).toBe(0);
    expect(expectedCalibrationError([1, 0], [1, 1], 4)).toBe(0.5);
  });

  test('equals the definition written out with its own binning', () => {
    fc.assert(
      fc.property(labelledProbabilities, fc.integer({ min: 1, max: 12 }), ({ y, p }, bins) => {
        let expected = 0;
        for (let b = 0; b < bins; b++) {
          const inBin = p.map((_, i) => i).filter((i) => (b === bins - 1 ? p[i] >= b / bins : p[i] >= b / bins && p[i] < (b + 1) / bins));
          if (inBin.length === 0) continue;
          const meanP = inBin.reduce((s, i) => s + p[i], 0) / inBin.length;
          const rate = inBin.reduce((s, i) => s + y[i], 0) / inBin.length;
          expected += (inBin.length / p.length) * Math.abs(meanP - rate);
        }
        expect(expectedCalibrationError(y, p, bins)).toBeCloseTo(expected, 12);
      }),
    );
  });
});

describe('multiclass', () => {
  const y = [0, 2, 1, 2];
  const prob = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.4, 0.4, 0.2, 0.5, 0.25, 0.25];

  test('log-loss is the mean −log of the true class probability', () => {
    expect(multiclassLogLoss(y, prob, 3)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.6) + Math.log(0.4) + Math.log(0.25)) / 4, 15);
  });

  test('accuracy takes the most probable class, the first on ties', () => {
    // predicted: 0, 2, 0 (tie 0.4 / 0.4 → class 0), 0
    expect(multiclassAccuracy(y, prob, 3)).toBe(0.5);
  });

  test('binary as two classes gives the binary log-loss', () => {
    const p = [0.9, 0.1, 0.2, 0.65];
    const two = p.flatMap((q) => [1 - q, q]);
    expect(multiclassLogLoss([1, 0, 0, 1], two, 2)).toBeCloseTo(logLoss([1, 0, 0, 1], p), 15);
  });
});

describe('input checks', () => {
  test('each mismatch is refused with METRIC_INPUT_INVALID', () => {
    expectCode(() => auc([0, 1], [0.5]), 'METRIC_INPUT_INVALID');
    expectCode(() => auc([0, 2], [0.5, 0.1]), 'METRIC_INPUT_INVALID');
    expectCode(() => auc([0, 1], [NaN, 0.1]), 'METRIC_INPUT_INVALID');
    expectCode(() => logLoss([0, 1], [0.5, 1.2]), 'METRIC_INPUT_INVALID');
    expectCode(() => brier([0, 1], [0.5, NaN]), 'METRIC_INPUT_INVALID');
    expectCode(() => expectedCalibrationError([0, 1], [0.5, 0.5], 0), 'METRIC_INPUT_INVALID');
    expectCode(() => multiclassLogLoss([0, 3], [0.5, 0.5, 0.5, 0.5], 2), 'METRIC_INPUT_INVALID');
    expectCode(() => multiclassAccuracy([0, 1], [0.5, 0.5, 0.5], 2), 'METRIC_INPUT_INVALID');
  });

  test('an empty input gives NaN', () => {
    expect(logLoss([], [])).toBeNaN();
    expect(brier([], [])).toBeNaN();
    expect(accuracy([], [])).toBeNaN();
    expect(expectedCalibrationError([], [])).toBeNaN();
  });
});
