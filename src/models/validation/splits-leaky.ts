import { Rng } from '../../core/rng.js';
import { type Fold, splitInvalid } from './splits-grid.js';

/**
 * LEAKY — for comparison and for the leak test only, never for validating a model on time
 * series. Plain shuffled k-fold: rows are shuffled (seeded) and dealt into `folds` equal parts,
 * ignoring time, so training rows sit right next to test rows and share their label windows.
 */
export function leakyShuffledKFold(rowCount: number, folds: number, seed: number): Fold[] {
  if (!(Number.isInteger(folds) && folds >= 2 && folds <= rowCount)) {
    splitInvalid(`folds must be a whole number in [2, ${rowCount}] (the number of rows), got ${folds}`, { field: 'folds', value: folds });
  }
  const order = Int32Array.from({ length: rowCount }, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = rowCount - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const fold = new Int32Array(rowCount);
  for (let p = 0; p < rowCount; p++) fold[order[p]] = Math.floor((p * folds) / rowCount);
  const out: Fold[] = [];
  for (let f = 0; f < folds; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < rowCount; i++) (fold[i] === f ? test : train).push(i);
    out.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return out;
}
