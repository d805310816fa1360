import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import type { Dataset } from '../../../src/models/dataset/dataset.js';
import { deployModel, artifactOf } from '../../../src/models/deploy.js';
import { parseExperimentConfig } from '../../../src/models/experiment/config.js';
import { applyOverride } from '../../../src/models/experiment/overrides.js';
import { runExperiment } from '../../../src/models/experiment/run-experiment.js';
import { parseLabelSpec } from '../../../src/models/dataset/labels/label-spec.js';

const DAY = 86_400_000;

/** n daily rows; y = 1 when signal + noise > 0; `signal` is feature 0, feature 1 is pure noise; labels settle `h` days later. */
function synthetic(n: number, strength: number, seed = 1, h = 1): Dataset {
  const rng = new Rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  const time = new Float64Array(n);
  const labelEnd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = normal();
    x[2 * i] = s;
    x[2 * i + 1] = normal();
    y[i] = strength * s + normal() > 0 ? 1 : 0;
    time[i] = (i + 1) * DAY;
    labelEnd[i] = (i + 1 + h) * DAY;
  }
  return {
    x: { rows: n, cols: 2, data: x },
    y,
    time,
    labelEnd,
    symbolIndex: new Uint16Array(n),
    symbols: ['SYN'],
    barIndex: Int32Array.from({ length: n }, (_, i) => i),
    forwardReturn: new Float64Array(n),
    featureNames: ['signal', 'noise'],
    task: 'binary',
    numClasses: 2,
    label: parseLabelSpec({ kind: 'sign', horizon: h }),
  };
}

function config(model: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return parseExperimentConfig({ name: 'synthetic', data: { symbols: ['SYN'], interval: '1d' }, features: ['signal', 'noise'], label: { kind: 'sign', horizon: 1 }, model, validation: { folds: 4, embargo: 2 }, ...extra });
}

/** AUC of a score that knows the signal exactly: P(strength·s + e > 0) ranked by s. The model cannot beat it by much. */
function oracleAuc(ds: Dataset): number {
  let pairs = 0;
  let good = 0;
  for (let i = 0; i < ds.y.length; i++) {
    if (ds.y[i] !== 1) continue;
    for (let j = 0; j < ds.y.length; j += 7) {
      if (ds.y[j] !== 0) continue;
      pairs++;
      good += ds.x.data[2 * i] > ds.x.data[2 * j] ? 1 : 0;
    }
  }
  return good / pairs;
}

describe('runExperiment', () => {
  it('gbdt and logistic both find a real signal out of fold, close to the oracle, and rank it above the noise', async () => {
    const ds = synthetic(3000, 1.5);
    const oracle = oracleAuc(ds);
    for (const model of [{ kind: 'gbdt', num_rounds: 60, max_depth: 2, learning_rate: 0.1 }, { kind: 'logistic', l2: 1 }]) {
      const out = await runExperiment(ds, config(model));
      expect(out.cv.summary.pooled.auc).toBeGreaterThan(oracle - 0.04);
      expect(out.cv.summary.pooled.auc).toBeLessThan(oracle + 0.03);
      expect(out.importance[0].feature).toBe('signal');
      expect(out.cv.folds).toHaveLength(4);
    }
  });

  it('without a signal the out-of-fold AUC stays near chance (no leak through the pipeline)', async () => {
    const out = await runExperiment(synthetic(3000, 0, 2), config({ kind: 'gbdt', num_rounds: 60, max_depth: 4 }));
    expect(Math.abs(out.cv.summary.pooled.auc - 0.5)).toBeLessThan(0.05);
  });

  it('cross-fitted calibration repairs an over-confident model', async () => {
    // deep trees and a high learning rate overfit: out-of-fold probabilities are too extreme
    const out = await runExperiment(synthetic(3000, 0.8, 3), config({ kind: 'gbdt', num_rounds: 100, max_depth: 6, learning_rate: 0.5, lambda_l2: 0 }, { calibration: 'isotonic' }));
    const r = out.calibration!.report;
    expect(r.before.ece).toBeGreaterThan(0.1);
    expect(r.after.ece).toBeLessThan(r.before.ece / 2);
    expect(r.after.logLoss).toBeLessThan(r.before.logLoss);
  });

  it('a deployed artifact predicts what the pipeline predicts, and its reasons are its largest contributions', async () => {
    const ds = synthetic(800, 1.5, 4);
    const out = await runExperiment(ds, config({ kind: 'gbdt', num_rounds: 30, max_depth: 3 }, { normalise: 'zscore' }));
    const artifact = JSON.parse(JSON.stringify(artifactOf(out.model, { normaliser: out.normaliser!.toJSON(), calibrator: out.calibration!.calibrator.toJSON(), label: ds.label, features: [{ name: 'signal', version: 1 }, { name: 'noise', version: 1 }], interval: '1d', report: {} })));
    const deployed = deployModel('m', artifact);
    const row = Float64Array.of(1.2, -0.3);
    const got = new Float64Array(1);
    deployed.predict(row, got);
    const x = out.normaliser!.transform({ rows: 1, cols: 2, data: row });
    const raw = out.model.predictRaw(x)[0];
    expect(got[0]).toBe(out.calibration!.calibrator.apply(Float64Array.of(1 / (1 + Math.exp(-raw))))[0]);
    const reasons = deployed.reasons(row, 2);
    const c = out.model.explain(x);
    expect(reasons.map((r) => r.contribution)).toEqual([c[0], c[1]].sort((a, b) => Math.abs(b) - Math.abs(a)));
    expect(reasons[0].value).toBe(reasons[0].feature === 'signal' ? 1.2 : -0.3);
  });
});

describe('experiment config', () => {
  it('--set creates the path and reads the value as YAML', () => {
    const doc: Record<string, unknown> = { model: { kind: 'gbdt' } };
    applyOverride(doc, 'model.max_depth=8');
    applyOverride(doc, 'search.space.model.max_depth=[2, 4]');
    applyOverride(doc, 'calibration=none');
    expect(doc).toEqual({ model: { kind: 'gbdt', max_depth: 8 }, search: { space: { model: { max_depth: [2, 4] } } }, calibration: 'none' });
  });

  it('refuses an override through a value, and a config field of the wrong type, naming the field', () => {
    expect(() => applyOverride({ model: 3 }, 'model.max_depth=8')).toThrow(/model is a value, not a section/);
    expect(() => applyOverride({}, 'max_depth')).toThrow(/PATH=VALUE/);
    expect(() => config({ kind: 'gbdt' }, { validation: { folds: 1 } })).toThrow(/validation\.folds/);
    expect(() => config({ kind: 'forest' })).toThrow(/model\.kind/);
  });
});
