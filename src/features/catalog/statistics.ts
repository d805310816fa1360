import type { FeatureFamily } from '../define.js';

export const statistics: FeatureFamily[] = [];
