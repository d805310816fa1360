import { describe, expect, test } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { SextantError } from '../../../src/core/errors.js';
import { calibratorFromJSON, type CalibratorKind, fitCalibrator, identityCalibrator } from '../../../src/models/calibration/calibrator.js';
import { expectedCalibrationError, logLoss } from '../../../src/models/validation/metrics.js';

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));
const logit = (p: number) => Math.log(p / (1 - p));

/** True probabilities uniform in [0.1, 0.9]; the model reports them over-confidently, sigmoid(3 · logit(q)). */
function overConfident(n: number, seed: number): { y: Float64Array; p: Float64Array } {
  const rng = new Rng(seed);
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = 0.1 + 0.8 * rng.next();
    p[i] = sigmoid(3 * logit(q));
    y[i] = rng.next() < q ? 1 : 0;
  }
  return { y, p };
}

describe('calibrators', () => {
  const fitSet = overConfident(10_000, 1);
  const testSet = overConfident(10_000, 2);
  const before = { ece: expectedCalibrationError(testSet.y, testSet.p), logLoss: logLoss(testSet.y, testSet.p) };

  test.each(['platt', 'isotonic'] as CalibratorKind[])('%s lowers ECE and log-loss of over-confident predictions out of sample', (kind) => {
    const c = fitCalibrator(kind, fitSet.y, fitSet.p);
    const after = c.apply(testSet.p);
    const ece = expectedCalibrationError(testSet.y, after);
    const ll = logLoss(testSet.y, after);
    expect(before.ece).toBeGreaterThan(0.1);
    expect(ece).toBeLessThan(0.03);
    expect(ll).toBeLessThan(before.logLoss - 0.05);
    for (let i = 1; i < after.length; i++) if (testSet.p[i] > testSet.p[i - 1]) expect(after[i]).toBeGreaterThanOrEqual(after[i - 1] - 1e-15);
  });

  test('Platt undoes the over-confidence: a ≈ 1/3, b ≈ 0', () => {
    const json = fitCalibrator('platt', fitSet.y, fitSet.p).toJSON();
    expect(json.kind).toBe('platt');
    if (json.kind !== 'platt') return;
    expect(Math.abs(json.a - 1 / 3)).toBeLessThan(0.03);
    expect(Math.abs(json.b)).toBeLessThan(0.05);
  });

  test.each(['identity', 'platt', 'isotonic'] as CalibratorKind[])('%s round-trips through JSON text bit for bit', (kind) => {
    const c = fitCalibrator(kind, fitSet.y, fitSet.p);
    const back = calibratorFromJSON(JSON.parse(JSON.stringify(c.toJSON())));
    expect(back.kind).toBe(kind);
    expect(back.toJSON()).toEqual(c.toJSON());
    const grid = Float64Array.from({ length: 1001 }, (_, i) => i / 1000);
    expect(Buffer.from(back.apply(grid).buffer).equals(Buffer.from(c.apply(grid).buffer))).toBe(true);
  });

  test('identity returns a copy of its input', () => {
    const p = Float64Array.of(0.2, 0.7);
    const out = identityCalibrator.apply(p);
    expect(Array.from(out)).toEqual([0.2, 0.7]);
    expect(out).not.toBe(p);
  });

  test('malformed serialisations and bad fitting inputs are refused with CALIBRATION_INVALID', () => {
    const bad: unknown[] = [
      null,
      { kind: 'platt', format: 1, a: 1 },
      { kind: 'platt', format: 2, a: 1, b: 0 },
      { kind: 'beta', format: 1 },
      { kind: 'isotonic', format: 1, x: [0.1, 0.2], y: [0.5] },
      { kind: 'isotonic', format: 1, x: [0.2, 0.1], y: [0.1, 0.5] },
      { kind: 'isotonic', format: 1, x: [0.1, 0.2], y: [0.6, 0.5] },
      { kind: 'isotonic', format: 1, x: [], y: [] },
    ];
    const fits = [() => fitCalibrator('platt', [], []), () => fitCalibrator('isotonic', [0, 2], [0.1, 0.2]), () => fitCalibrator('platt', [0, 1], [0.1, 1.5]), () => fitCalibrator('isotonic', [0, 1], [0.1])];
    for (const f of [...bad.map((j) => () => calibratorFromJSON(j)), ...fits]) {
      let error: unknown;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SextantError);
      expect((error as SextantError).code).toBe('CALIBRATION_INVALID');
    }
  });
});
