import type { Dataset } from '../dataset/dataset.js';
import { purgedKFold } from '../validation/splits-purged-kfold.js';
import type { Fold } from '../validation/splits-grid.js';
import { walkForward } from '../validation/splits-walk-forward.js';
import type { ExperimentConfig } from './config.js';

function distinctTimes(time: Float64Array): number {
  let n = 0;
  for (let i = 0; i < time.length; i++) if (i === 0 || time[i] !== time[i - 1]) n++;
  return n;
}

/**
 * The validation folds an experiment asks for. Walk-forward sizes left at 0 are chosen so that
 * `folds` test blocks of equal length follow a first training window at least as long:
 * test = ⌊T / (folds + 1)⌋ distinct times, train = T − folds · test.
 */
export function experimentFolds(ds: Dataset, v: ExperimentConfig['validation']): Fold[] {
  const rows = { time: ds.time, labelEnd: ds.labelEnd };
  const embargo = { bars: v.embargo };
  if (v.scheme === 'purged-kfold') return purgedKFold(rows, { folds: v.folds, embargo });
  const T = distinctTimes(ds.time);
  const test = v.test_size > 0 ? v.test_size : Math.max(1, Math.floor(T / (v.folds + 1)));
  const train = v.train_size > 0 ? v.train_size : Math.max(1, T - v.folds * test);
  return walkForward(rows, { train, test, window: v.mode, embargo });
}
