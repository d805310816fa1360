import { describe, expect, test } from 'vitest';
import { auc, classificationMetrics, multiclassMetrics, regressionMetrics, rmse, summariseFolds } from '../../../src/models/validation/metrics.js';

describe('summariseFolds', () => {
  const folds = [
    { y: [0, 1, 1, 0], prediction: [0.2, 0.7, 0.4, 0.5] },
    { y: [1, 0, 1], prediction: [0.9, 0.3, 0.6] },
    { y: [1, 1], prediction: [0.8, 0.6] }, // one class: AUC NaN
  ];
  const summary = summariseFolds(folds, classificationMetrics);

  test('per fold: the metrics of each fold alone', () => {
    expect(summary.folds).toHaveLength(3);
    expect(summary.folds[0].auc).toBe(0.75);
    expect(summary.folds[1].auc).toBe(1);
    expect(summary.folds[2].auc).toBeNaN();
    expect(summary.folds[2].accuracy).toBe(1);
  });

  test('mean and sample std over the folds where a metric is defined', () => {
    expect(summary.mean.auc).toBeCloseTo(0.875, 15);
    expect(summary.std.auc).toBeCloseTo(Math.sqrt((0.125 ** 2 * 2) / 1), 15);
    // accuracy: 3/4 (0.5 reads as class 0), 1, 1
    expect(summary.mean.accuracy).toBeCloseTo((0.75 + 1 + 1) / 3, 15);
    const m = (0.75 + 2) / 3;
    expect(summary.std.accuracy).toBeCloseTo(Math.sqrt(((0.75 - m) ** 2 + 2 * (1 - m) ** 2) / 2), 15);
  });

  test('pooled: the metrics of all out-of-fold predictions as one set', () => {
    const y = folds.flatMap((f) => f.y);
    const p = folds.flatMap((f) => f.prediction);
    expect(summary.pooled.auc).toBe(auc(y, p));
    expect(summary.pooled).toEqual(classificationMetrics(y, p));
  });

  test('works for regression and multiclass records; one fold has NaN std', () => {
    const r = summariseFolds([{ y: [1, 2, 3], prediction: [1, 2, 4] }], regressionMetrics);
    expect(r.mean.rmse).toBe(rmse([1, 2, 3], [1, 2, 4]));
    expect(r.std.rmse).toBeNaN();
    const m = summariseFolds(
      [
        { y: [0, 2], prediction: [0.6, 0.3, 0.1, 0.2, 0.2, 0.6] },
        { y: [1], prediction: [0.5, 0.2, 0.3] },
      ],
      (y, p) => multiclassMetrics(y, p, 3),
    );
    expect(m.folds.map((f) => f.accuracy)).toEqual([1, 0]);
    expect(m.pooled.accuracy).toBeCloseTo(2 / 3, 15);
    expect(m.mean.accuracy).toBe(0.5);
  });
});
