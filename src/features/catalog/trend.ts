import type { FeatureFamily } from '../define.js';

export const trend: FeatureFamily[] = [];
