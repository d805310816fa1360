import { SextantError } from '../core/errors.js';
import { parseInterval } from '../core/interval.js';
import { computeFeatureTable } from '../data/feature-table.js';
import { buildFeatureSet } from '../features/feature-set.js';
import { loadArtifact } from '../models/deploy.js';
import { topContributions } from '../models/explain/top-contributions.js';
import { matrix, toPrediction } from '../models/model.js';
import type { ModelRecord } from '../models/registry/records.js';
import type { Contribution } from '../strategy/strategy.js';
import type { Store } from '../store/store.js';

export interface PredictionRow {
  time: number;
  features: Record<string, number>;
  /** The model's raw output(s) before the link: log-odds, class margins or the value. */
  raw: number[];
  /** Calibrated P(up) for binary models, class probabilities for multiclass, the value for regression. */
  prediction: number[];
  /** With explain: every feature's contribution to the raw output (largest first) and the bias they add to. */
  explanation?: { bias: number[]; contributions: Contribution[][] };
}

export interface PredictionResult {
  model: ModelRecord;
  symbol: string;
  interval: string;
  rows: PredictionRow[];
}

/**
 * Predicts the latest `last` bars of a symbol (or those up to `at`) with a registered model, on
 * features computed causally from the stored bars, through the model's normaliser and
 * calibrator — what a strategy would see on those bars.
 */
export async function predictWithModel(store: Store, modelRef: string, symbol: string, opts: { last: number; at?: number; explain: boolean }): Promise<PredictionResult> {
  const record = await store.getModel(modelRef);
  if (!record) throw new SextantError('MODEL_NOT_FOUND', `no registered model '${modelRef}' (see 'sextant models list')`, { model: modelRef });
  const { model, normaliser, calibrator, pipeline } = loadArtifact(record.artifact);
  const interval = parseInterval(pipeline.interval);
  const set = buildFeatureSet(pipeline.features.map((f) => f.name));
  const drifted = pipeline.features.filter((f, i) => set.features[i].version !== f.version);
  if (drifted.length > 0) {
    throw new SextantError('MODEL_UNSUITABLE', `model ${record.id} was trained on feature versions this code no longer computes: ${drifted.map((f) => `${f.name} v${f.version}`).join(', ')}`, { model: record.id });
  }
  const table = await computeFeatureTable(store, { symbol, interval, set, timezone: 'UTC', cache: true });
  const end = opts.at === undefined ? table.bars.length : table.bars.lowerBound(opts.at + 1);
  if (end === 0) throw new SextantError('BACKTEST_NO_BARS', `${symbol} ${interval} has no bar at or before the requested time`, { symbol });
  const start = Math.max(0, end - opts.last);
  const cols = set.features.length;
  const rows = Int32Array.from({ length: end - start }, (_, i) => start + i);
  const raw = matrix(rows.length, cols);
  for (let i = 0; i < rows.length; i++) for (let f = 0; f < cols; f++) raw.data[i * cols + f] = table.columns[f][rows[i]];
  const x = normaliser ? normaliser.transform(raw) : raw;
  const out = model.predictRaw(x);
  let prediction = toPrediction(model.task, model.numOutputs, out);
  if (model.task === 'binary') prediction = calibrator.apply(prediction);
  const explained = opts.explain ? model.explain(x) : null;
  const K = model.numOutputs;
  const names = set.features.map((f) => f.name);
  return {
    model: record,
    symbol,
    interval,
    rows: Array.from(rows, (r, i) => {
      const values = raw.data.subarray(i * cols, (i + 1) * cols);
      const row: PredictionRow = {
        time: table.bars.time[r],
        features: Object.fromEntries(names.map((n, f) => [n, values[f]])),
        raw: Array.from(out.subarray(i * K, (i + 1) * K)),
        prediction: Array.from(prediction.subarray(i * K, (i + 1) * K)),
      };
      if (explained) {
        const block = (o: number) => explained.subarray((i * K + o) * (cols + 1), (i * K + o + 1) * (cols + 1));
        row.explanation = {
          bias: Array.from({ length: K }, (_, o) => block(o)[cols]),
          contributions: Array.from({ length: K }, (_, o) => topContributions(explained, i, o, names, raw, cols)),
        };
      }
      return row;
    }),
  };
}
