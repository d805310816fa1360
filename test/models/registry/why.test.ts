import { describe, expect, test } from 'vitest';
import type { ModelInfo, ModelTransition } from '../../../src/models/registry/records.js';
import { assembleWhy } from '../../../src/models/registry/why.js';
import { experiment, run } from './fixtures.js';

const model: ModelInfo = {
  id: '0123456789abcdef',
  name: 'm',
  version: 3,
  experimentId: 'e',
  kind: 'gbdt',
  task: 'binary',
  artifactHash: 'h',
  calibration: null,
  metrics: { auc: 0.6 },
  state: 'candidate',
  createdAt: 0,
};

const step = (from: ModelTransition['from'], to: ModelTransition['to'], actor: string, at: number): ModelTransition => ({ modelId: model.id, from, to, reason: `${actor} says so`, actor, at, auditId: at });

describe('assembleWhy', () => {
  test('a model never promoted: promoted is null, no search means 0 trials, missing run metrics are left out', () => {
    const w = assembleWhy(model, experiment({ search: null }), [run('r', { metrics: { sharpe: 1, profit_factor: 2 } })], [step(null, 'candidate', 'trainer', 1000)]);
    expect(w.promoted).toBeNull();
    expect(w.model.calibrated).toBe(false);
    expect(w.validation.search_trials).toBe(0);
    expect(w.backtests[0].metrics).toEqual({ sharpe: 1 });
    expect(w.transitions).toEqual([{ from: null, to: 'candidate', reason: 'trainer says so', actor: 'trainer', at: '1970-01-01T00:00:01.000Z' }]);
  });

  test('a retired model still shows its last promotion, not its first', () => {
    const ts = [step(null, 'candidate', 't', 1), step('candidate', 'active', 'ann', 2), step('active', 'paused', 'bo', 3), step('paused', 'active', 'cy', 4), step('active', 'retired', 'di', 5)];
    const w = assembleWhy({ ...model, state: 'retired' }, experiment(), [], ts);
    expect(w.promoted).toEqual({ by: 'cy', at: '1970-01-01T00:00:00.004Z', reason: 'cy says so' });
    expect(w.backtests).toEqual([]);
  });

  test('the data range reads as bars: a daily bar by its date, an hourly one by its close time', () => {
    const range = (interval: string) => assembleWhy(model, experiment({ data: { symbols: ['X'], interval, from: Date.UTC(2020, 0, 2), to: Date.UTC(2020, 0, 3, 5), dataHash: 'h' } }), [], []).experiment.data;
    expect(range('1d')).toMatchObject({ from: '2020-01-01', to: '2020-01-03' });
    expect(range('1h')).toMatchObject({ from: '2020-01-02T00:00:00.000Z', to: '2020-01-03T05:00:00.000Z' });
    expect(range('tick')).toMatchObject({ from: '2020-01-02T00:00:00.000Z' });
  });
});
