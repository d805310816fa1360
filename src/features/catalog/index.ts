import type { FeatureFamily } from '../define.js';
import { calendar } from './calendar.js';
import { crossAsset } from './cross-asset.js';
import { momentum } from './momentum.js';
import { movingAverages } from './moving-averages.js';
import { regime } from './regime.js';
import { statistics } from './statistics.js';
import { trend } from './trend.js';
import { volatility } from './volatility.js';
import { volume } from './volume.js';

/** Every built-in feature family, in the order `features list` and the docs show them. */
export const allFamilies: FeatureFamily[] = [
  ...movingAverages,
  ...momentum,
  ...trend,
  ...volatility,
  ...volume,
  ...statistics,
  ...regime,
  ...calendar,
  ...crossAsset,
];
