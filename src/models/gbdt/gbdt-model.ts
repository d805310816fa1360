import { SextantError } from '../../core/errors.js';
import { treeShap } from '../explain/tree-shap.js';
import type { Matrix, Model, Task } from '../model.js';
import { toPrediction } from '../model.js';
import { checkMatrix } from './check-data.js';
import { type GbdtParams, parseGbdtParams } from './params.js';
import { CompiledEnsemble } from './predict.js';
import { type SerialisedGbdtModel, ensembleFromJSON, ensembleToJSON, parseSerialisedGbdt } from './serialise.js';
import type { TreeEnsemble } from './tree.js';

/** Per-round metric of the training rows and of the validation rows (when there were some). */
export interface GbdtHistory {
  /** logloss, mlogloss, rmse or pinball: lower is better. */
  metric: string;
  train: number[];
  valid: number[] | null;
  /** The last round the model keeps (the best validation round with early stopping). */
  bestIteration: number;
}

export function taskOf(p: GbdtParams): Task {
  return p.objective === 'binary' ? 'binary' : p.objective === 'multiclass' ? 'multiclass' : 'regression';
}

/** A trained gradient-boosted tree ensemble (see trainGbdt), serialisable with toJSON / gbdtFromJSON. */
export class GbdtModel implements Model {
  readonly kind = 'gbdt';
  readonly task: Task;
  readonly numOutputs: number;
  readonly featureNames: readonly string[];
  readonly ensemble: TreeEnsemble;
  readonly params: GbdtParams;
  readonly history: GbdtHistory;
  private compiled: CompiledEnsemble | null = null;

  constructor(ensemble: TreeEnsemble, params: GbdtParams, history: GbdtHistory, featureNames: readonly string[]) {
    this.ensemble = ensemble;
    this.params = params;
    this.history = history;
    this.featureNames = featureNames;
    this.task = taskOf(params);
    this.numOutputs = ensemble.numOutputs;
  }

  get bestIteration(): number {
    return this.history.bestIteration;
  }

  private predictor(): CompiledEnsemble {
    return (this.compiled ??= new CompiledEnsemble(this.ensemble));
  }

  predictRaw(x: Matrix): Float64Array {
    checkMatrix(x, 'gbdt predict', this.ensemble.numFeatures, 0);
    return this.predictor().predictRaw(x);
  }

  /** P(class 1), class probabilities, or values (see toPrediction). */
  predict(x: Matrix): Float64Array {
    return toPrediction(this.task, this.numOutputs, this.predictRaw(x));
  }

  /** The leaf each row reaches in each tree: rows × trees, row-major (leaf numbers of tree.ts). */
  leafIndices(x: Matrix): Int32Array {
    checkMatrix(x, 'gbdt leafIndices', this.ensemble.numFeatures, 0);
    return this.predictor().leafIndices(x);
  }

  /** Exact path-dependent TreeSHAP (src/models/explain). */
  explain(x: Matrix): Float64Array {
    return treeShap(this.ensemble, x);
  }

  toJSON(): SerialisedGbdtModel {
    return {
      kind: 'gbdt',
      format: 1,
      task: this.task,
      featureNames: [...this.featureNames],
      params: this.params,
      history: { ...this.history, train: [...this.history.train], valid: this.history.valid && [...this.history.valid] },
      ...ensembleToJSON(this.ensemble),
    };
  }
}

/** The model a toJSON() produced (after a trip through JSON text too): the same predictions to the bit. */
export function gbdtFromJSON(json: unknown): GbdtModel {
  const m = parseSerialisedGbdt(json);
  const params = parseGbdtParams(m.params);
  const ensemble = ensembleFromJSON(m);
  const task = taskOf(params);
  const fail = (message: string) => {
    throw new SextantError('GBDT_MODEL_INVALID', `serialised gbdt model: ${message}`, {});
  };
  if (m.task !== task) fail(`task ${m.task} does not match the objective ${params.objective}`);
  if (m.featureNames.length !== ensemble.numFeatures) fail(`${m.featureNames.length} feature names for ${ensemble.numFeatures} features`);
  if (ensemble.numOutputs !== (params.objective === 'multiclass' ? params.num_class : 1)) fail(`${ensemble.numOutputs} outputs for the ${params.objective} objective`);
  const h = m.history;
  const history: GbdtHistory = { metric: h.metric, train: h.train.map(nullToNaN), valid: h.valid && h.valid.map(nullToNaN), bestIteration: h.bestIteration };
  return new GbdtModel(ensemble, params, history, m.featureNames);
}

/** JSON writes a non-finite metric as null. */
function nullToNaN(v: number | null): number {
  return v ?? NaN;
}

