import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import { applyIsotonic, fitIsotonicMap, type IsotonicMap } from './isotonic.js';
import { applyPlatt, fitPlattParameters, type PlattParameters } from './platt.js';

/**
 * A calibrator maps a binary model's P(class 1) to a calibrated probability; it is fitted on
 * out-of-fold predictions and applied to everything the model predicts afterwards.
 * Calibration is binary only: a multiclass model gets the identity.
 */
export type CalibratorKind = 'identity' | 'platt' | 'isotonic';

export type SerialisedCalibrator =
  | { kind: 'identity'; format: 1 }
  | { kind: 'platt'; format: 1; a: number; b: number }
  | { kind: 'isotonic'; format: 1; x: number[]; y: number[] };

export interface Calibrator {
  readonly kind: CalibratorKind;
  /** Calibrated probabilities, one per input probability (NaN stays NaN). */
  apply(p: Float64Array): Float64Array;
  toJSON(): SerialisedCalibrator;
}

export const identityCalibrator: Calibrator = {
  kind: 'identity',
  apply: (p) => Float64Array.from(p),
  toJSON: () => ({ kind: 'identity', format: 1 }),
};

export function plattCalibrator(params: PlattParameters): Calibrator {
  const { a, b } = params;
  return { kind: 'platt', apply: (p) => applyPlatt(params, p), toJSON: () => ({ kind: 'platt', format: 1, a, b }) };
}

export function isotonicCalibrator(map: IsotonicMap): Calibrator {
  return { kind: 'isotonic', apply: (p) => applyIsotonic(map, p), toJSON: () => ({ kind: 'isotonic', format: 1, x: Array.from(map.x), y: Array.from(map.y) }) };
}

/** Fits a calibrator of the given kind on labels y ∈ {0, 1} and predicted probabilities p. */
export function fitCalibrator(kind: CalibratorKind, y: ArrayLike<number>, p: ArrayLike<number>): Calibrator {
  if (kind === 'platt') return plattCalibrator(fitPlattParameters(y, p));
  if (kind === 'isotonic') return isotonicCalibrator(fitIsotonicMap(y, p));
  return identityCalibrator;
}

const probability = z.number().min(0).max(1);
const SerialisedSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('identity'), format: z.literal(1) }),
  z.object({ kind: z.literal('platt'), format: z.literal(1), a: z.number(), b: z.number() }),
  z.object({ kind: z.literal('isotonic'), format: z.literal(1), x: z.array(probability).min(1), y: z.array(probability).min(1) }),
]);

/** The calibrator a `toJSON()` result describes; a malformed one is refused with CALIBRATION_INVALID. */
export function calibratorFromJSON(json: unknown): Calibrator {
  const parsed = SerialisedSchema.safeParse(json);
  if (!parsed.success) {
    throw new SextantError('CALIBRATION_INVALID', `serialised calibrator is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, { issues: parsed.error.issues });
  }
  const c = parsed.data;
  if (c.kind === 'platt') return plattCalibrator({ a: c.a, b: c.b });
  if (c.kind === 'identity') return identityCalibrator;
  const x = Float64Array.from(c.x);
  const y = Float64Array.from(c.y);
  const increasing = x.every((v, i) => i === 0 || v > x[i - 1]) && y.every((v, i) => i === 0 || v >= y[i - 1]);
  if (x.length !== y.length || !increasing) {
    throw new SextantError('CALIBRATION_INVALID', 'serialised isotonic calibrator: x and y must have equal lengths, x strictly increasing and y non-decreasing', { x: c.x.length, y: c.y.length });
  }
  return isotonicCalibrator({ x, y });
}
