import type { FeatureFamily } from '../define.js';

export const crossAsset: FeatureFamily[] = [];
