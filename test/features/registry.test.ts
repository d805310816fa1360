import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSextantError } from '../../src/core/errors.js';
import { featuresMarkdown } from '../../src/features/docs.js';
import { buildFeatureSet, featureSetFromList, featureSetFromYaml, featureSetHash, lineage } from '../../src/features/feature-set.js';
import { FeatureRegistry, registry } from '../../src/features/registry.js';
import { FeatureSpecSchema } from '../../src/features/spec.js';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return isSextantError(e) ? `${e.code}: ${e.message}` : `not a SextantError: ${String(e)}`;
  }
  return 'no error';
}

describe('feature registry', () => {
  it('holds every feature the issue names, each with a valid spec', () => {
    const required = [
      'sma', 'ema', 'wma', 'dema', 'tema', 'hma', 'kama', 'vwap',
      'rsi', 'macd', 'macd_signal', 'macd_hist', 'stoch_k', 'stoch_d', 'stoch_fastk', 'willr', 'cci', 'roc', 'roc_log', 'mom', 'trix', 'mfi',
      'aroon_up', 'aroon_down', 'aroon_osc',
      'tr', 'atr', 'adx', 'plus_di', 'minus_di', 'dx', 'bb_upper', 'bb_mid', 'bb_lower', 'bb_pctb', 'bb_width',
      'donchian_upper', 'donchian_mid', 'donchian_lower', 'keltner_upper', 'keltner_mid', 'keltner_lower', 'sar', 'runsd', 'volatility',
      'obv', 'cmf', 'logret', 'zscore', 'skew', 'kurt', 'autocorr', 'spectral_energy', 'hurst',
      'vol_regime', 'trend_regime', 'day_of_week', 'month', 'day_of_month', 'minute_of_day', 'corr', 'beta', 'alt',
    ];
    const outputs = new Set(registry().outputs());
    expect(required.filter((r) => !outputs.has(r))).toEqual([]);
    for (const f of registry().families) expect(FeatureSpecSchema.safeParse(f.spec).success).toBe(true);
  });

  it('refuses an invalid spec and a duplicated output when it is built', () => {
    const sma = registry().family('sma')!;
    expect(() => new FeatureRegistry([{ ...sma, spec: { ...sma.spec, version: 0 } }])).toThrow(/invalid/);
    expect(() => new FeatureRegistry([{ ...sma, spec: { ...sma.spec, description: 'short' } }])).toThrow(/invalid/);
    expect(() => new FeatureRegistry([sma, { ...sma, spec: { ...sma.spec, family: 'sma2' } }])).toThrow(/defined twice/);
  });

  it('resolves names to canonical ones, filling in default parameters', () => {
    const r = registry();
    expect(r.resolve('sma_20')).toMatchObject({ name: 'sma_20', params: { n: 20 }, output: 0, ref: null });
    expect(r.resolve('sma').name).toBe('sma_20');
    expect(r.resolve('macd_signal_12_26_9')).toMatchObject({ name: 'macd_signal_12_26_9', output: 1, params: { fast: 12, slow: 26, signal: 9 } });
    expect(r.resolve('bb_upper_20_2.0').name).toBe('bb_upper_20_2');
    expect(r.resolve('sar_0.02_0.2').params).toEqual({ a: 0.02, m: 0.2 });
    expect(r.resolve('corr_60@SPY')).toMatchObject({ name: 'corr_60@SPY', ref: 'SPY', params: { n: 60 } });
    expect(r.resolve(' alt@cpi_us ')).toMatchObject({ name: 'alt@cpi_us', ref: 'cpi_us' });
  });

  it('rejects unknown names and bad parameters with stable codes and a message saying what was expected', () => {
    const r = registry();
    expect(codeOf(() => r.resolve('smaa_20'))).toMatch(/^FEATURE_UNKNOWN: unknown feature 'smaa_20'/);
    expect(codeOf(() => r.resolve('sma_0'))).toMatch(/^FEATURE_PARAM_INVALID: .*parameter n is '0', expected within 1…100000/);
    expect(codeOf(() => r.resolve('sma_2.5'))).toMatch(/^FEATURE_PARAM_INVALID: .*expected a whole number/);
    expect(codeOf(() => r.resolve('sma_x'))).toMatch(/^FEATURE_PARAM_INVALID: .*expected a number/);
    expect(codeOf(() => r.resolve('macd_12_26'))).toMatch(/^FEATURE_PARAM_INVALID: .*expected 3: macd_FAST_SLOW_SIGNAL/);
    expect(codeOf(() => r.resolve('macd_26_12_9'))).toMatch(/^FEATURE_PARAM_INVALID: .*fast/);
    expect(codeOf(() => r.resolve('corr_20'))).toMatch(/^FEATURE_REF_MISSING: .*after @/);
    expect(codeOf(() => r.resolve('sma_20@SPY'))).toMatch(/^FEATURE_PARAM_INVALID: .*takes no @ reference/);
  });
});

describe('feature sets', () => {
  it('hash the canonical names and versions: same features, same hash; order, parameters or a version change it', () => {
    const a = featureSetFromList('sma, rsi_14,macd_signal');
    const b = featureSetFromYaml('name: other label\nfeatures:\n  - sma_20\n  - rsi\n  - feature: macd_signal_12_26_9\n', 'b.yaml');
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(b.name).toBe('other label');
    expect(featureSetFromList('rsi_14,sma_20,macd_signal').hash).not.toBe(a.hash);
    expect(featureSetFromList('sma_21,rsi_14,macd_signal').hash).not.toBe(a.hash);
    const bumped = a.features.map((f, i) => (i === 0 ? { ...f, version: f.version + 1 } : f));
    expect(featureSetHash(bumped)).not.toBe(a.hash);
    expect(lineage(a)).toEqual({
      featureSetHash: a.hash,
      features: [
        { name: 'sma_20', version: 1 },
        { name: 'rsi_14', version: registry().resolve('rsi').version },
        { name: 'macd_signal_12_26_9', version: registry().resolve('macd').version },
      ],
    });
  });

  it('refuses a feature listed twice, an empty list and malformed YAML, naming the file and the entry', () => {
    expect(codeOf(() => featureSetFromList('sma,sma_20'))).toMatch(/^FEATURE_PARAM_INVALID: 'sma_20' is the same feature as 'sma'/);
    expect(codeOf(() => buildFeatureSet([]))).toMatch(/^FEATURE_SET_INVALID/);
    expect(codeOf(() => featureSetFromYaml('features: [sma_20, nope_3]', 'set.yaml'))).toMatch(/^FEATURE_UNKNOWN: set.yaml: features\[1\]: unknown feature 'nope_3'/);
    expect(codeOf(() => featureSetFromYaml('features: sma_20', 'set.yaml'))).toMatch(/^FEATURE_SET_INVALID: set.yaml: field features/);
    expect(codeOf(() => featureSetFromYaml('features: [sma_20\n', 'set.yaml'))).toMatch(/^FEATURE_SET_INVALID: set.yaml: not valid YAML/);
    expect(codeOf(() => featureSetFromYaml('feature: [sma_20]', 'set.yaml'))).toMatch(/^FEATURE_SET_INVALID: set.yaml/);
  });
});

describe('docs/features.md', () => {
  it('is the current output of `sextant features docs` (regenerate with: npx sextant features docs --out docs/features.md)', () => {
    const committed = readFileSync(new URL('../../docs/features.md', import.meta.url), 'utf8');
    expect(committed).toBe(featuresMarkdown(registry()));
  });

  it('documents every family with its conventions', () => {
    const md = featuresMarkdown(registry());
    for (const f of registry().families) {
      expect(md).toContain(`**${f.spec.family}**`);
      expect(md).toContain(f.spec.description);
    }
  });
});
