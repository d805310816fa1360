/**
 * The four objectives: gradients and hessians of each row's loss with respect to its raw scores,
 * the optimal constant to start from, and the metric reported per round.
 *
 * Layouts (n rows, K outputs): scores class-major, score[k·n + r]; gradients class-major with
 * gradient and hessian interleaved, gh[k·2n + 2r] and gh[k·2n + 2r + 1].
 */
import type { Objective } from './params.js';

export interface ObjectiveSpec {
  objective: Objective;
  /** Outputs per row (classes for multiclass, else 1). */
  outputs: number;
  /** The quantile of the quantile objective. */
  alpha: number;
}

/** Hessians never fall below this, so a saturated probability still weighs something. */
const MIN_HESSIAN = 1e-16;
/** Probabilities of the base score are kept this far from 0 and 1 (a class absent from training). */
const MIN_PROBABILITY = 1e-15;

export const METRIC_NAMES: Record<Objective, string> = { binary: 'logloss', multiclass: 'mlogloss', regression: 'rmse', quantile: 'pinball' };

function weightOf(w: Float64Array | null, r: number): number {
  return w === null ? 1 : w[r];
}

/**
 * The smallest value v with (weight of values ≤ v) ≥ alpha × total weight: a minimiser of the
 * pinball loss. `values` is sorted in place together with its weights.
 */
export function weightedQuantile(values: Float64Array, weights: Float64Array | null, alpha: number): number {
  const n = values.length;
  if (n === 0) return 0;
  if (weights === null) {
    values.sort();
    return values[Math.max(0, Math.ceil(alpha * n) - 1)];
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  const target = alpha * total;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += weights[order[i]];
    if (acc >= target && weights[order[i]] > 0) return values[order[i]];
  }
  return values[order[n - 1]];
}

/**
 * The constant raw output minimising the training loss: the log-odds of the weighted mean label,
 * the log of each class's weighted frequency, the weighted mean, the weighted alpha-quantile.
 */
export function baseScores(spec: ObjectiveSpec, y: Float64Array, w: Float64Array | null): Float64Array {
  const out = new Float64Array(spec.outputs);
  const n = y.length;
  let wsum = 0;
  for (let r = 0; r < n; r++) wsum += weightOf(w, r);
  if (spec.objective === 'quantile') {
    out[0] = weightedQuantile(Float64Array.from(y), w === null ? null : Float64Array.from(w), spec.alpha);
  } else if (spec.objective === 'multiclass') {
    const freq = new Float64Array(spec.outputs);
    for (let r = 0; r < n; r++) freq[y[r]] += weightOf(w, r);
    for (let k = 0; k < spec.outputs; k++) out[k] = Math.log(Math.max(MIN_PROBABILITY, freq[k] / wsum));
  } else {
    let sum = 0;
    for (let r = 0; r < n; r++) sum += weightOf(w, r) * y[r];
    const mean = sum / wsum;
    if (spec.objective === 'regression') out[0] = mean;
    else {
      const p = Math.min(1 - MIN_PROBABILITY, Math.max(MIN_PROBABILITY, mean));
      out[0] = Math.log(p / (1 - p));
    }
  }
  return out;
}

/**
 * Gradients and hessians of rows [lo, hi) into gh; the largest |gradient| and |hessian| of each
 * output go to maxAbs[2k] and maxAbs[2k + 1] (max with what is there). Returns the rows' loss
 * sum at these scores, as lossSum computes it (the same expressions, so the same bits): the
 * training metric of the round before comes with the gradients of the next at no extra pass.
 */
export function gradients(spec: ObjectiveSpec, n: number, score: Float64Array, y: Float64Array, w: Float64Array | null, gh: Float64Array, lo: number, hi: number, maxAbs: Float64Array): number {
  let mg = maxAbs[0];
  let mh = maxAbs[1];
  let loss = 0;
  switch (spec.objective) {
    case 'binary':
      for (let r = lo; r < hi; r++) {
        const s = score[r];
        // One exp and one log1p give p = sigmoid(s) and the log-loss, stably on both sides of 0.
        const e = Math.exp(-Math.abs(s));
        const l1p = Math.log1p(e);
        const p = s >= 0 ? 1 / (1 + e) : e / (1 + e);
        const wr = weightOf(w, r);
        const g = (p - y[r]) * wr;
        const h = Math.max(p * (1 - p), MIN_HESSIAN) * wr;
        gh[2 * r] = g;
        gh[2 * r + 1] = h;
        mg = Math.max(mg, Math.abs(g));
        mh = Math.max(mh, h);
        loss += wr * (Math.max(s, 0) + l1p - y[r] * s);
      }
      break;
    case 'regression':
      for (let r = lo; r < hi; r++) {
        const wr = weightOf(w, r);
        const d = score[r] - y[r];
        const g = d * wr;
        gh[2 * r] = g;
        gh[2 * r + 1] = wr;
        mg = Math.max(mg, Math.abs(g));
        mh = Math.max(mh, wr);
        loss += wr * (d * d);
      }
      break;
    case 'quantile': {
      // LightGBM's convention: a score at or above the label has gradient 1 − alpha.
      const a = spec.alpha;
      for (let r = lo; r < hi; r++) {
        const wr = weightOf(w, r);
        const g = (score[r] >= y[r] ? 1 - a : -a) * wr;
        gh[2 * r] = g;
        gh[2 * r + 1] = wr;
        mg = Math.max(mg, Math.abs(g));
        mh = Math.max(mh, wr);
        const d = y[r] - score[r];
        loss += wr * (d >= 0 ? a * d : (a - 1) * d);
      }
      break;
    }
    case 'multiclass':
      return multiclassGradients(spec.outputs, n, score, y, w, gh, lo, hi, maxAbs);
  }
  maxAbs[0] = mg;
  maxAbs[1] = mh;
  return loss;
}

/** Softmax gradients p_k − [y = k] and hessians K/(K − 1) · p_k(1 − p_k) (LightGBM's factor); returns the loss sum. */
function multiclassGradients(K: number, n: number, score: Float64Array, y: Float64Array, w: Float64Array | null, gh: Float64Array, lo: number, hi: number, maxAbs: Float64Array): number {
  const factor = K / (K - 1);
  let loss = 0;
  for (let r = lo; r < hi; r++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, score[k * n + r]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(score[k * n + r] - max);
    const wr = weightOf(w, r);
    const label = y[r];
    loss += wr * (max + Math.log(sum) - score[label * n + r]);
    for (let k = 0; k < K; k++) {
      const p = Math.exp(score[k * n + r] - max) / sum;
      const g = (p - (label === k ? 1 : 0)) * wr;
      const h = Math.max(factor * p * (1 - p), MIN_HESSIAN) * wr;
      const at = k * 2 * n + 2 * r;
      gh[at] = g;
      gh[at + 1] = h;
      maxAbs[2 * k] = Math.max(maxAbs[2 * k], Math.abs(g));
      maxAbs[2 * k + 1] = Math.max(maxAbs[2 * k + 1], h);
    }
  }
  return loss;
}

/** Weighted sum over rows [lo, hi) of each row's loss (squared error for rmse), as gradients() adds it. */
export function lossSum(spec: ObjectiveSpec, n: number, score: Float64Array, y: Float64Array, w: Float64Array | null, lo: number, hi: number): number {
  let sum = 0;
  switch (spec.objective) {
    case 'binary':
      for (let r = lo; r < hi; r++) {
        const s = score[r];
        // softplus(s) − y·s: the log-loss of sigmoid(s)
        sum += weightOf(w, r) * (Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s))) - y[r] * s);
      }
      return sum;
    case 'regression':
      for (let r = lo; r < hi; r++) {
        const d = score[r] - y[r];
        sum += weightOf(w, r) * (d * d);
      }
      return sum;
    case 'quantile': {
      const a = spec.alpha;
      for (let r = lo; r < hi; r++) {
        const d = y[r] - score[r];
        sum += weightOf(w, r) * (d >= 0 ? a * d : (a - 1) * d);
      }
      return sum;
    }
    case 'multiclass': {
      const K = spec.outputs;
      for (let r = lo; r < hi; r++) {
        let max = -Infinity;
        for (let k = 0; k < K; k++) max = Math.max(max, score[k * n + r]);
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.exp(score[k * n + r] - max);
        sum += weightOf(w, r) * (max + Math.log(s) - score[y[r] * n + r]);
      }
      return sum;
    }
  }
}

/** The reported metric from a loss sum and the weight sum (rmse takes the root). */
export function finishMetric(spec: ObjectiveSpec, sum: number, weightSum: number): number {
  const mean = sum / weightSum;
  return spec.objective === 'regression' ? Math.sqrt(mean) : mean;
}
