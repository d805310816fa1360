import { SextantError } from '../../../core/errors.js';
import type { Matrix } from '../../model.js';
import { RankNormaliser } from './rank.js';
import { ZScoreNormaliser } from './zscore.js';

/**
 * A per-column transform fitted on training rows only, then applied to any rows (NaN stays
 * NaN). Serialisable, so a stored model carries the normaliser its inputs went through.
 */
export type NormaliserKind = 'zscore' | 'rank';

export interface Normaliser {
  readonly kind: NormaliserKind;
  readonly cols: number;
  /** A new matrix with every column transformed. */
  transform(x: Matrix): Matrix;
  toJSON(): { kind: NormaliserKind; format: number };
}

/** Fits a normaliser of the given kind on `rows` of `x` (the training rows only). */
export function fitNormaliser(kind: NormaliserKind, x: Matrix, rows: ArrayLike<number>): Normaliser {
  return kind === 'zscore' ? ZScoreNormaliser.fit(x, rows) : RankNormaliser.fit(x, rows);
}

/** A normaliser back from its toJSON() form. */
export function normaliserFromJSON(json: unknown): Normaliser {
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind === 'zscore') return ZScoreNormaliser.fromJSON(json);
  if (kind === 'rank') return RankNormaliser.fromJSON(json);
  throw new SextantError('NORMALISER_INVALID', `stored normaliser, kind: expected 'zscore' or 'rank', got ${JSON.stringify(kind)}`, { field: 'kind' });
}
