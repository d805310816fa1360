import type { SerialisedModel } from '../../../src/models/model.js';
import { experimentId } from '../../../src/models/registry/ids.js';
import type { ExperimentRecord, NewModel } from '../../../src/models/registry/records.js';
import type { RunRecord } from '../../../src/store/store.js';

/** Small hand-made registry records for the store, why and CLI tests. */

export const DAY = 86_400_000;

export function experiment(over: Partial<ExperimentRecord> = {}): ExperimentRecord {
  const base: Omit<ExperimentRecord, 'id'> = {
    name: 'goog-daily',
    config: { name: 'goog-daily', model: { kind: 'logistic', l2: 1 }, label: { kind: 'sign', horizon: 5 } },
    configHash: 'c'.repeat(64),
    featureSetHash: 'f'.repeat(64),
    features: [
      { name: 'sma_10', version: 1 },
      { name: 'rsi_14', version: 2 },
    ],
    data: { symbols: ['GOOG'], interval: '1d', from: Date.UTC(2010, 0, 5), to: Date.UTC(2019, 11, 31), dataHash: 'd'.repeat(64) },
    codeVersion: '0.1.0+test',
    seed: 7,
    folds: [
      { fold: 0, metrics: { auc: 0.55, logloss: 0.69 }, trainRows: 800, testRows: 200 },
      { fold: 1, metrics: { auc: 0.53, logloss: NaN }, trainRows: 1000, testRows: 200 },
    ],
    metrics: { auc: 0.54, logloss: NaN },
    search: [
      { params: { l2: 0.1 }, metrics: { auc: 0.52 } },
      { params: { l2: 1 }, metrics: { auc: 0.54 } },
      { params: { l2: 10 }, metrics: { auc: NaN } },
    ],
    durationMs: 1234,
    createdAt: Date.UTC(2024, 4, 1, 12),
    ...over,
  };
  return { id: over.id ?? experimentId(base), ...base };
}

export function artifact(weight = 0.25): SerialisedModel {
  return { kind: 'logistic', format: 1, task: 'binary', featureNames: ['sma_10', 'rsi_14'], weights: [weight, -0.5], intercept: 0.1 };
}

export function newModel(experimentId: string, over: Partial<NewModel> = {}): NewModel {
  return { name: 'goog-logit', experimentId, artifact: artifact(), calibration: { kind: 'platt', a: 1.5, b: -0.2 }, metrics: { auc: 0.54, brier: 0.248 }, actor: 'trainer', ...over };
}

export function run(id: string, over: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    kind: 'walkforward',
    strategy: 'ml-signal',
    config: { symbols: ['GOOG'], params: { threshold: 0.55 } },
    configHash: 'a'.repeat(64),
    dataHash: 'd'.repeat(64),
    featureSetHash: 'f'.repeat(64),
    codeVersion: '0.1.0+test',
    seed: 7,
    metrics: { total_return_pct: 12.5, cagr_pct: 3.1, sharpe: 0.81, max_drawdown_pct: -9.5, num_trades: 42, win_rate_pct: 51 },
    summary: {},
    trades: [],
    series: { times: new Float64Array([1, 2, 3]), equity: new Float64Array([100, 101, 103]) },
    startedAt: Date.UTC(2024, 4, 2, 9),
    finishedAt: Date.UTC(2024, 4, 2, 9, 1),
    ...over,
  };
}
