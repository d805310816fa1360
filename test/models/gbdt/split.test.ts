/**
 * Split finding against an exhaustive search written from the formulas (XGBoost's gain with an
 * L1 soft threshold and L2 on the hessian), on random histograms with and without missing values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEATURE_STRIDE } from '../../../src/models/gbdt/histogram.js';
import { type SplitRules, findBestSplit, leafValue, noSplit } from '../../../src/models/gbdt/split.js';

const T = (g: number, l1: number) => Math.sign(g) * Math.max(Math.abs(g) - l1, 0);
/** A node without hessian (and no L2) scores 0. */
const score = (g: number, h: number, r: SplitRules) => (h + r.lambdaL2 > 0 ? T(g, r.lambdaL1) ** 2 / (h + r.lambdaL2) : 0);

interface Candidate {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
}

/** Every (feature, threshold bin, side of the missing values) whose children meet min_child_weight. */
function bruteForce(hist: Float64Array, numBins: number[], g: number, h: number, r: SplitRules): Candidate[] {
  const out: Candidate[] = [];
  numBins.forEach((nb, f) => {
    const o = f * FEATURE_STRIDE;
    for (let b = 0; b < nb; b++) {
      for (const missingLeft of [true, false]) {
        let gl = 0;
        let hl = 0;
        for (let k = 0; k <= b; k++) {
          gl += hist[o + 2 * k];
          hl += hist[o + 2 * k + 1];
        }
        if (missingLeft) {
          gl += hist[o + 510];
          hl += hist[o + 511];
        }
        const gr = g - gl;
        const hr = h - hl;
        if (hl < r.minChildWeight || hr < r.minChildWeight || hl <= 0 || hr <= 0) continue;
        out.push({ gain: score(gl, hl, r) + score(gr, hr, r) - score(g, h, r), feature: f, bin: b, missingLeft });
      }
    }
  });
  return out;
}

/** Rows of (bin per feature or missing, gradient, hessian), turned into a histogram. */
const nodeArb = fc
  .record({
    numBins: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
    seeds: fc.array(fc.tuple(fc.nat(), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 40 }),
    missingShare: fc.constantFrom(0, 0.2),
    l1: fc.constantFrom(0, 0.5, 3),
    l2: fc.constantFrom(0, 1, 10),
    mcw: fc.constantFrom(0, 1, 4),
  })
  .map(({ numBins, seeds, missingShare, l1, l2, mcw }) => {
    const hist = new Float64Array(numBins.length * FEATURE_STRIDE);
    let g = 0;
    let h = 0;
    for (const [s, rg, rh] of seeds) {
      g += rg;
      h += rh;
      numBins.forEach((nb, f) => {
        const u = ((s * (f + 7) * 2654435761) >>> 0) / 2 ** 32;
        const bin = u < missingShare ? 255 : Math.floor(((u - missingShare) / (1 - missingShare)) * nb);
        hist[f * FEATURE_STRIDE + 2 * bin] += rg;
        hist[f * FEATURE_STRIDE + 2 * bin + 1] += rh;
      });
    }
    return { numBins, hist, g, h, rules: { lambdaL1: l1, lambdaL2: l2, minChildWeight: mcw, minSplitGain: 0 } };
  });

describe('findBestSplit', () => {
  it('finds the largest gain of an exhaustive search', () => {
    let found = 0;
    fc.assert(
      fc.property(nodeArb, ({ numBins, hist, g, h, rules }) => {
        const split = noSplit();
        findBestSplit(hist, Int32Array.from(numBins.keys()), Int32Array.from(numBins), g, h, rules, split);
        const all = bruteForce(hist, numBins, g, h, rules);
        const best = all.reduce((m, c) => Math.max(m, c.gain), -Infinity);
        if (split.feature < 0) {
          expect(best <= 1e-9 * Math.max(1, score(g, h, rules))).toBe(true);
          return;
        }
        found++;
        expect(split.gain).toBeCloseTo(best, 9);
        const hasMissing = hist[split.feature * FEATURE_STRIDE + 511] !== 0 || hist[split.feature * FEATURE_STRIDE + 510] !== 0;
        const chosen = all.find((c) => c.feature === split.feature && c.bin === split.bin && (!hasMissing || c.missingLeft === split.defaultLeft));
        expect(chosen?.gain).toBeCloseTo(best, 9);
        expect(split.gl + split.gr).toBe(g);
        expect(split.hl + split.hr).toBe(h);
      }),
      { numRuns: 500 },
    );
    expect(found).toBeGreaterThan(100);
  });

  it('sends missing values to the heavier child when the node has none', () => {
    // one feature, bins: (g, h) = (-5, 1), (6, 3): the only split puts 1 left and 3 right
    const hist = new Float64Array(FEATURE_STRIDE);
    hist.set([-5, 1, 6, 3]);
    const split = noSplit();
    findBestSplit(hist, Int32Array.of(0), Int32Array.of(2), 1, 4, { lambdaL1: 0, lambdaL2: 0, minChildWeight: 0, minSplitGain: 0 }, split);
    expect(split.feature).toBe(0);
    expect(split.bin).toBe(0);
    expect(split.defaultLeft).toBe(false);
  });

  it('respects min_split_gain', () => {
    const hist = new Float64Array(FEATURE_STRIDE);
    hist.set([-5, 1, 6, 3]);
    const rules = { lambdaL1: 0, lambdaL2: 0, minChildWeight: 0, minSplitGain: 0 };
    const split = noSplit();
    findBestSplit(hist, Int32Array.of(0), Int32Array.of(2), 1, 4, rules, split);
    const gain = 25 / 1 + 36 / 3 - 1 / 4;
    expect(split.gain).toBeCloseTo(gain, 12);
    findBestSplit(hist, Int32Array.of(0), Int32Array.of(2), 1, 4, { ...rules, minSplitGain: gain + 1e-9 }, split);
    expect(split.feature).toBe(-1);
  });

  it('computes leaf values as −T(G)/(H + λ₂)', () => {
    const r = { lambdaL1: 2, lambdaL2: 3, minChildWeight: 0, minSplitGain: 0 };
    expect(leafValue(10, 5, r)).toBeCloseTo(-8 / 8, 15);
    expect(leafValue(-10, 5, r)).toBeCloseTo(8 / 8, 15);
    expect(leafValue(1.5, 5, r)).toBe(0);
  });
});
