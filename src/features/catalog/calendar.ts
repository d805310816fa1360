import type { FeatureFamily } from '../define.js';

export const calendar: FeatureFamily[] = [];
