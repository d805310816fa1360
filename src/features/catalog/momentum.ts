import type { FeatureFamily } from '../define.js';

export const momentum: FeatureFamily[] = [];
