import { expect, test } from 'vitest';
import { reliabilityCurve } from '../../../src/models/calibration/reliability.js';

test('reliability curve: equal-width bins, empty ones left out, p = 1 in the last bin', () => {
  const curve = reliabilityCurve([0, 1, 1, 0, 1, 1], [0.05, 0.15, 0.95, 0.92, 0.55, 1], 10);
  expect(curve.map((b) => [b.lower, b.upper, b.count])).toEqual([
    [0, 0.1, 1],
    [0.1, 0.2, 1],
    [0.5, 0.6, 1],
    [0.9, 1, 3],
  ]);
  expect(curve[3].meanPredicted).toBeCloseTo((0.95 + 0.92 + 1) / 3, 15);
  expect(curve[3].observedRate).toBeCloseTo(2 / 3, 15);
  expect(curve[0].observedRate).toBe(0);
  expect(curve.reduce((s, b) => s + b.count, 0)).toBe(6);
});

test('reliability curve: 4 bins, a bin edge belongs to the bin above it', () => {
  // 0.25 → [0.25, 0.5); 0.5 and 0.74 → [0.5, 0.75)
  const curve = reliabilityCurve([1, 0, 1], [0.25, 0.5, 0.74], 4);
  expect(curve.map((b) => [b.lower, b.count, b.observedRate])).toEqual([
    [0.25, 1, 1],
    [0.5, 2, 0.5],
  ]);
});
