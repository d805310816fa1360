import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignAsOf, barsAsPoints } from '../../src/features/asof.js';
import { FeatureSetStream, computeFeatures } from '../../src/features/compute.js';
import { buildFeatureSet, featureSetFromYaml } from '../../src/features/feature-set.js';
import { googDaily } from '../helpers/real-bars.js';

const ctx = { interval: '1d' as const, timezone: 'America/New_York' };

describe('computing a feature set', () => {
  it('gives the same values bar by bar (FeatureSetStream) as in one batch, for the example core set plus references', () => {
    const file = new URL('../../examples/feature-sets/core.yaml', import.meta.url);
    const core = featureSetFromYaml(readFileSync(file, 'utf8'), 'core.yaml');
    const set = buildFeatureSet([...core.features.map((f) => f.name), 'corr_20@SELF', 'alt@lagged']);
    const bars = googDaily();
    // References: the series itself, and its close published five days late.
    const lagged = { observedAt: bars.time, publishedAt: bars.time.map((t) => t + 5 * 86_400_000), value: bars.close };
    const refs = new Map([
      ['SELF', alignAsOf(bars.time, barsAsPoints(bars.time, bars.close))],
      ['lagged', alignAsOf(bars.time, lagged)],
    ]);
    const batch = computeFeatures(bars, set.features, ctx, refs);
    const stream = new FeatureSetStream(set.features, ctx);
    for (let i = 0; i < bars.length; i++) {
      const values = stream.push(bars, i, new Map([...refs].map(([k, v]) => [k, v[i]])));
      for (let k = 0; k < set.features.length; k++) {
        if (!Object.is(values[k], batch[k][i])) expect(`${set.features[k].name} at bar ${i}: ${values[k]}`).toBe(`${set.features[k].name} at bar ${i}: ${batch[k][i]}`);
      }
    }
    // The lagged reference is the close of the latest bar at least five days older: never a later one.
    const alt = batch[set.features.length - 1];
    for (let i = 0; i < bars.length; i++) {
      let j = i;
      while (j >= 0 && bars.time[j] + 5 * 86_400_000 > bars.time[i]) j--;
      expect(Object.is(alt[i], j < 0 ? NaN : bars.close[j])).toBe(true);
    }
  });

  it('computes a family once for several of its outputs, giving each the same values as alone', () => {
    const bars = googDaily();
    const together = computeFeatures(bars, buildFeatureSet(['macd_12_26_9', 'macd_signal_12_26_9', 'macd_hist_12_26_9']).features, ctx);
    const alone = computeFeatures(bars, buildFeatureSet(['macd_hist_12_26_9']).features, ctx);
    expect(Array.from(together[2])).toEqual(Array.from(alone[0]));
    for (let i = 40; i < bars.length; i++) expect(together[0][i] - together[1][i]).toBeCloseTo(together[2][i], 12);
  });
});
