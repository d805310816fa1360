import { type ErrorCode, SextantError } from '../../core/errors.js';
import { cholesky, choleskySolve } from './cholesky.js';

/** A smooth convex objective with its exact gradient and Hessian. */
export interface NewtonProblem {
  readonly dimension: number;
  value(theta: Float64Array): number;
  /** Writes the gradient and the Hessian (dimension × dimension, row-major, both triangles) at theta. */
  derivatives(theta: Float64Array, gradient: Float64Array, hessian: Float64Array): void;
}

export interface NewtonResult {
  theta: Float64Array;
  value: number;
  iterations: number;
}

/**
 * The Newton decrement λ² = gᵀH⁻¹g is twice the gain the next step promises. Below
 * PURE_BELOW · (1 + |f|) that gain is too small for f to resolve in floating point, so steps are
 * taken whole instead of line-searched (the quadratic-convergence phase; a line search there would
 * stop on rounding noise several digits short of the optimum). Below CONVERGED_BELOW · (1 + |f|)
 * the fit is done.
 */
const PURE_BELOW = 1e-9;
const CONVERGED_BELOW = 1e-24;

/**
 * Newton's method from `start`: Armijo backtracking far from the optimum, whole steps near it.
 * Throws `code` when the Hessian is singular, a line search fails, or the iterations run out
 * (no finite optimum). `what` names the caller in messages.
 */
export function minimiseNewton(problem: NewtonProblem, start: Float64Array, what: string, code: ErrorCode, maxIterations = 100): NewtonResult {
  const d = problem.dimension;
  const theta = Float64Array.from(start);
  let value = problem.value(theta);
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const step = new Float64Array(d);
  const trial = new Float64Array(d);
  let previous = Infinity;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    problem.derivatives(theta, gradient, hessian);
    if (!cholesky(hessian, d)) {
      throw new SextantError(code, `${what}: the Hessian is singular (collinear features, or separable classes, with no penalty); add an l2 penalty`, { where: what, iteration });
    }
    for (let i = 0; i < d; i++) step[i] = -gradient[i];
    choleskySolve(hessian, d, step);
    let decrement = 0;
    for (let i = 0; i < d; i++) decrement -= gradient[i] * step[i];
    const scale = 1 + Math.abs(value);
    if (decrement <= CONVERGED_BELOW * scale) return { theta, value, iterations: iteration };
    if (decrement <= PURE_BELOW * scale) {
      // rounding noise in the gradient sets a floor: once λ² stops shrinking there is nothing left to gain
      if (decrement >= previous) return { theta, value, iterations: iteration };
      previous = decrement;
      for (let i = 0; i < d; i++) theta[i] += step[i];
      value = problem.value(theta);
      continue;
    }
    let t = 1;
    for (;;) {
      for (let i = 0; i < d; i++) trial[i] = theta[i] + t * step[i];
      const v = problem.value(trial);
      if (v <= value - 1e-4 * t * decrement) {
        theta.set(trial);
        value = v;
        break;
      }
      t /= 2;
      if (t < 1e-10) throw new SextantError(code, `${what}: the line search cannot decrease the objective (Newton decrement ${decrement})`, { where: what, iteration, decrement });
    }
  }
  throw new SextantError(code, `${what}: no convergence in ${maxIterations} Newton iterations (separable classes with no penalty?); add an l2 penalty`, { where: what, maxIterations });
}
