/**
 * How ml-signal turns model probabilities into BUY / SELL / ABSTAIN. Pure, so every rule can be
 * tested on its own numbers.
 */

export interface DecisionRules {
  /** Least confidence (probability of the chosen direction) to act. */
  threshold: number;
  /** Most normalised entropy (0 = certain, 1 = uniform over the classes) to act. */
  maxEntropy: number;
  /** Most spread (max − min) of the ensemble members' directional scores to act. */
  maxDisagreement: number;
}

export type AbstainReason = 'confidence' | 'entropy' | 'disagreement' | 'flat';

export interface Decision {
  /** The direction the averaged probabilities lean to, also when abstaining. */
  lean: -1 | 1;
  confidence: number;
  entropy: number;
  disagreement: number;
  /** null when the decision is to act. */
  abstain: AbstainReason | null;
}

/** Entropy of a distribution in bits divided by log2(number of classes): 0 certain, 1 uniform. */
export function normalisedEntropy(probs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i] > 0) h -= probs[i] * Math.log2(probs[i]);
  return h / Math.log2(probs.length);
}

/**
 * `members` holds one probability vector per ensemble member: [P(up)] for binary models, or
 * [P(down), P(flat), P(up)]. The ensemble's probabilities are the members' mean. A member's
 * directional score is P(up) − P(down); their spread measures disagreement. Abstention is checked
 * in a fixed order — disagreement, the flat class winning, entropy, confidence — and the first
 * rule that fails names the reason.
 */
export function decide(members: readonly Float64Array[], rules: DecisionRules): Decision {
  const k = members[0].length;
  const mean = new Float64Array(k === 1 ? 2 : k);
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of members) {
    const up = k === 1 ? m[0] : m[2];
    const down = k === 1 ? 1 - m[0] : m[0];
    const score = up - down;
    if (score < lo) lo = score;
    if (score > hi) hi = score;
    if (k === 1) {
      mean[0] += down / members.length;
      mean[1] += up / members.length;
    } else for (let c = 0; c < k; c++) mean[c] += m[c] / members.length;
  }
  const down = mean[0];
  const up = k === 1 ? mean[1] : mean[2];
  const flat = k === 1 ? 0 : mean[1];
  const lean: -1 | 1 = up >= down ? 1 : -1;
  const confidence = Math.max(up, down);
  const entropy = normalisedEntropy(mean);
  const disagreement = members.length > 1 ? hi - lo : 0;
  let abstain: AbstainReason | null = null;
  if (disagreement > rules.maxDisagreement) abstain = 'disagreement';
  else if (flat > up && flat > down) abstain = 'flat';
  else if (entropy > rules.maxEntropy) abstain = 'entropy';
  else if (confidence < rules.threshold) abstain = 'confidence';
  return { lean, confidence, entropy, disagreement, abstain };
}
