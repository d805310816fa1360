import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decide, normalisedEntropy } from '../../src/strategy/ml-decision.js';

const open = { threshold: 0.5, maxEntropy: 1, maxDisagreement: 2 };
const p = (...v: number[]) => Float64Array.from(v);

describe('ml-signal decision rules', () => {
  it('normalised entropy is 0 for a certain outcome and 1 for a uniform one', () => {
    expect(normalisedEntropy([1, 0])).toBe(0);
    expect(normalisedEntropy([0.5, 0.5])).toBe(1);
    expect(normalisedEntropy([1 / 3, 1 / 3, 1 / 3])).toBeCloseTo(1, 12);
    // H(0.9, 0.1) = 0.468996 bits, by hand
    expect(normalisedEntropy([0.9, 0.1])).toBeCloseTo(0.4689955935892812, 12);
  });

  it('a binary model leans to the likelier side with that probability as confidence', () => {
    expect(decide([p(0.7)], open)).toMatchObject({ lean: 1, confidence: 0.7, abstain: null });
    const d = decide([p(0.2)], open);
    expect(d.lean).toBe(-1);
    expect(d.confidence).toBeCloseTo(0.8, 15);
  });

  it('abstains below the confidence threshold but still names its lean', () => {
    expect(decide([p(0.54)], { ...open, threshold: 0.55 })).toMatchObject({ lean: 1, abstain: 'confidence' });
    expect(decide([p(0.55)], { ...open, threshold: 0.55 }).abstain).toBeNull();
  });

  it('abstains when the entropy is too high even if the threshold passes', () => {
    // P = 0.6: entropy 0.971 bits
    expect(decide([p(0.6)], { ...open, maxEntropy: 0.95 }).abstain).toBe('entropy');
    expect(decide([p(0.6)], { ...open, maxEntropy: 0.98 }).abstain).toBeNull();
  });

  it('an ensemble averages its members and abstains when they disagree beyond the limit', () => {
    const d = decide([p(0.9), p(0.3)], { ...open, maxDisagreement: 1 });
    // scores 0.8 and -0.4: spread 1.2 > 1
    expect(d.disagreement).toBeCloseTo(1.2, 12);
    expect(d.abstain).toBe('disagreement');
    const ok = decide([p(0.9), p(0.7)], { ...open, maxDisagreement: 1 });
    expect(ok.abstain).toBeNull();
    expect(ok.confidence).toBeCloseTo(0.8, 12);
  });

  it('a three-class model abstains when flat is the likeliest class', () => {
    expect(decide([p(0.2, 0.5, 0.3)], open)).toMatchObject({ lean: 1, abstain: 'flat' });
    expect(decide([p(0.5, 0.2, 0.3)], open)).toMatchObject({ lean: -1, confidence: 0.5, abstain: null });
  });

  it('property: acting implies every rule holds; the lean follows the larger directional probability', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }), fc.double({ min: 0.5, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (ps, threshold, maxEntropy, maxDisagreement) => {
        const d = decide(
          ps.map((x) => p(x)),
          { threshold, maxEntropy, maxDisagreement },
        );
        const mean = ps.reduce((a, b) => a + b, 0) / ps.length;
        expect(d.lean).toBe(mean >= 1 - mean ? 1 : -1);
        if (d.abstain === null) {
          expect(d.confidence).toBeGreaterThanOrEqual(threshold);
          expect(d.entropy).toBeLessThanOrEqual(maxEntropy);
          expect(d.disagreement).toBeLessThanOrEqual(maxDisagreement);
        }
      }),
    );
  });
});
