/** Gradient-boosted trees: train with trainGbdt, predict / explain / serialise through GbdtModel. */
export { GbdtModel, type GbdtHistory, gbdtFromJSON } from './gbdt-model.js';
export { type GbdtParams, type GbdtParamsInput, GbdtParamsSchema, OBJECTIVES, type Objective, parseGbdtParams } from './params.js';
export { CompiledEnsemble } from './predict.js';
export type { SerialisedGbdtModel } from './serialise.js';
export { type GbdtData, type GbdtTrainOptions, trainGbdt } from './train.js';
export { type Tree, type TreeEnsemble, rootOf } from './tree.js';
