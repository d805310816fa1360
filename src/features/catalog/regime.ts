import type { FeatureFamily } from '../define.js';

export const regime: FeatureFamily[] = [];
