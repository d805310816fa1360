import type { FeatureFamily } from '../define.js';

export const volume: FeatureFamily[] = [];
