import { createHash } from 'node:crypto';
import { parseInterval } from '../core/interval.js';
import type { ProgressFn } from '../core/progress.js';
import { computeFeatureTable } from '../data/feature-table.js';
import { type FeatureSet, buildFeatureSet } from '../features/feature-set.js';
import { type Dataset, type SymbolFeatures, buildDataset } from '../models/dataset/dataset.js';
import { type ExperimentConfig, dataRange } from '../models/experiment/config.js';
import { labelInput } from '../models/experiment/label-input.js';
import type { Store } from '../store/store.js';

export interface LoadedDataset {
  ds: Dataset;
  set: FeatureSet;
  inputs: SymbolFeatures[];
  /** SHA-256 of every bar the dataset read (features from the first bar, labels up to `to`). */
  dataHash: string;
}

/**
 * The dataset of an experiment from the store: each symbol's features computed causally over its
 * whole stored history (cached), then rows in the config's range with labels that settle by `to`.
 */
export async function loadExperimentDataset(store: Store, cfg: ExperimentConfig, range = dataRange(cfg), progress?: ProgressFn): Promise<LoadedDataset> {
  const interval = parseInterval(cfg.data.interval);
  const set = buildFeatureSet(cfg.features, cfg.name, undefined, 'features');
  const inputs: SymbolFeatures[] = [];
  const hash = createHash('sha256');
  for (const symbol of cfg.data.symbols) {
    const table = await computeFeatureTable(store, { symbol, interval, set, timezone: cfg.data.timezone, cache: true, progress });
    inputs.push({ symbol, bars: table.bars, columns: table.columns, featureNames: set.features.map((f) => f.name) });
    const last = range.to === null ? table.bars.length : table.bars.lowerBound(range.to + 1);
    hash.update(symbol);
    for (const col of [table.bars.time, table.bars.open, table.bars.high, table.bars.low, table.bars.close, table.bars.volume]) {
      const part = col.subarray(0, last);
      hash.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    }
  }
  const ds = buildDataset(inputs, { label: labelInput(cfg.label), from: range.from ?? undefined, to: range.to ?? undefined });
  return { ds, set, inputs, dataHash: hash.digest('hex') };
}
