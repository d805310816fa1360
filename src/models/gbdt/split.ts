/**
 * The best split of a node from its histogram, with XGBoost's regularised gain:
 *   score(G, H) = T(G)² / (H + λ₂),  T(G) = sign(G) · max(|G| − λ₁, 0)   (L1 soft threshold)
 *   gain = score(left) + score(right) − score(node)
 *   leaf value = −T(G) / (H + λ₂)
 * (the gain without XGBoost's ½, as both XGBoost and LightGBM compare it with their minimum).
 *
 * Each threshold is tried with the node's missing values on either side; a node without missing
 * values sends them (at prediction) to the child with more hessian.
 */
import { FEATURE_STRIDE } from './histogram.js';
import { MISSING_BIN } from './binning.js';

export interface SplitRules {
  lambdaL1: number;
  lambdaL2: number;
  minChildWeight: number;
  minSplitGain: number;
}

/** The best split found for a node (feature −1: none). */
export interface Split {
  feature: number;
  /** Rows with bin ≤ bin go left. */
  bin: number;
  defaultLeft: boolean;
  gain: number;
  gl: number;
  hl: number;
  gr: number;
  hr: number;
}

export function noSplit(): Split {
  return { feature: -1, bin: 0, defaultLeft: true, gain: 0, gl: 0, hl: 0, gr: 0, hr: 0 };
}

function thresholdL1(g: number, l1: number): number {
  return g > l1 ? g - l1 : g < -l1 ? g + l1 : 0;
}

export function nodeScore(g: number, h: number, rules: SplitRules): number {
  const t = thresholdL1(g, rules.lambdaL1);
  const d = h + rules.lambdaL2;
  return d > 0 ? (t * t) / d : 0;
}

/** The optimal value of a leaf (before the learning rate). */
export function leafValue(g: number, h: number, rules: SplitRules): number {
  const d = h + rules.lambdaL2;
  const t = thresholdL1(g, rules.lambdaL1);
  return d > 0 && t !== 0 ? -t / d : 0;
}

/** A gain this small relative to the children's scores is rounding noise, not a split. */
const RELATIVE_NOISE = 1e-12;

/**
 * The best split of a node with sums (g, h) over the allowed features. Ties keep the first found:
 * lowest feature, then lowest bin, then missing values to the left.
 */
export function findBestSplit(hist: Float64Array, features: Int32Array, numBins: Int32Array, g: number, h: number, rules: SplitRules, out: Split): void {
  const l1 = rules.lambdaL1;
  const l2 = rules.lambdaL2;
  const mcw = rules.minChildWeight;
  const parent = nodeScore(g, h, rules);
  let best = -Infinity;
  out.feature = -1;
  for (let i = 0; i < features.length; i++) {
    const f = features[i];
    const o = f * FEATURE_STRIDE;
    const gm = hist[o + 2 * MISSING_BIN];
    const hm = hist[o + 2 * MISSING_BIN + 1];
    const hasMissing = hm !== 0 || gm !== 0;
    const nb = numBins[f];
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < nb; b++) {
      const bg = hist[o + 2 * b];
      const bh = hist[o + 2 * b + 1];
      // An empty bin gives the same partition as the bin before it (except for the first).
      if (bg === 0 && bh === 0 && b > 0) continue;
      gl += bg;
      hl += bh;
      for (let side = 0; side < (hasMissing ? 2 : 1); side++) {
        // side 0: missing values left (or none); side 1: missing values right.
        const lg = side === 0 ? gl + gm : gl;
        const lh = side === 0 ? hl + hm : hl;
        const rg = g - lg;
        const rh = h - lh;
        if (!(lh >= mcw && rh >= mcw && lh > 0 && rh > 0)) continue;
        const tl = lg > l1 ? lg - l1 : lg < -l1 ? lg + l1 : 0;
        const tr = rg > l1 ? rg - l1 : rg < -l1 ? rg + l1 : 0;
        const gain = (tl * tl) / (lh + l2) + (tr * tr) / (rh + l2) - parent;
        if (gain > best) {
          best = gain;
          out.feature = f;
          out.bin = b;
          out.defaultLeft = hasMissing ? side === 0 : lh >= rh;
          out.gl = lg;
          out.hl = lh;
          out.gr = rg;
          out.hr = rh;
        }
      }
    }
  }
  out.gain = best;
  if (out.feature >= 0) {
    const children = nodeScore(out.gl, out.hl, rules) + nodeScore(out.gr, out.hr, rules);
    if (!(best > rules.minSplitGain && best > RELATIVE_NOISE * children)) out.feature = -1;
  }
}
