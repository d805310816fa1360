/**
 * Training: bins the table, then boosts round by round on the thread team (team.ts). Every
 * source of randomness is seeded and every sum that decides a split is exact (quantize.ts), so a
 * seed gives the same model bit for bit whatever the number of threads.
 */
import { SextantError } from '../../core/errors.js';
import { type ProgressFn, noProgress } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import type { Matrix } from '../model.js';
import { BIN_SLOTS, type BinMapper, sampleRows, wordsPerRow } from './binning.js';
import { checkLabels, checkMatrix } from './check-data.js';
import { type GbdtHistory, GbdtModel } from './gbdt-model.js';
import { type GrownTree, TreeGrower, sendTree } from './grow.js';
import { METRIC_NAMES, type ObjectiveSpec, baseScores, finishMetric } from './objective.js';
import { type GbdtParams, type GbdtParamsInput, numOutputsOf, parseGbdtParams, threadsFor } from './params.js';
import { quantum } from './quantize.js';
import { renewQuantileLeaves } from './renew.js';
import { C, Command, createSetup, numChunks } from './shared.js';
import { Team } from './team.js';
import type { Tree } from './tree.js';
import { ValidSet } from './valid-set.js';

export interface GbdtData {
  x: Matrix;
  y: Float64Array;
  weight?: Float64Array;
  /** Default f0, f1, … */
  featureNames?: readonly string[];
}

export interface GbdtTrainOptions {
  /** Rows scored after every round: the validation metric and early stopping. */
  valid?: { x: Matrix; y: Float64Array; weight?: Float64Array };
  /** ('gbdt:bins', 1, 1) once the table is binned, then ('gbdt', round, rounds) after each round. */
  progress?: ProgressFn;
}

/** The array's bytes in shared memory (the array itself when it already is all of a SharedArrayBuffer). */
function sharedCopy(a: Float64Array | Int32Array): SharedArrayBuffer {
  if (a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) return a.buffer;
  const out = new SharedArrayBuffer(Math.max(8, a.byteLength));
  new Uint8Array(out).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return out;
}

/** A tree in real thresholds (tree.ts) from one grown in bins. */
function toTree(g: GrownTree, mapper: BinMapper): Tree {
  const threshold = new Float64Array(g.numNodes);
  for (let i = 0; i < g.numNodes; i++) threshold[i] = mapper.uppers[g.feature[i] * BIN_SLOTS + g.bin[i]];
  return {
    feature: g.feature,
    threshold,
    defaultLeft: g.defaultLeft,
    left: g.left,
    right: g.right,
    gain: g.gain,
    cover: g.cover,
    leafValue: g.leafValue,
    leafCover: g.leafH,
  };
}

/** The features one tree may split on: all, or a seeded sample of round(colsample · cols) in increasing order. */
function sampleFeatures(cols: number, colsample: number, rng: Rng): Int32Array {
  const all = new Int32Array(cols);
  for (let f = 0; f < cols; f++) all[f] = f;
  if (colsample >= 1) return all;
  const m = Math.max(1, Math.round(colsample * cols));
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.next() * (cols - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, m).sort();
}

export async function trainGbdt(data: GbdtData, params: GbdtParamsInput = {}, opts: GbdtTrainOptions = {}): Promise<GbdtModel> {
  const p = parseGbdtParams(params);
  const { x, y } = data;
  checkMatrix(x, 'gbdt training data');
  checkLabels(y, data.weight, x.rows, p, 'gbdt training data');
  if (p.early_stopping_rounds > 0 && !opts.valid) throw new SextantError('GBDT_PARAM_INVALID', 'gbdt parameter early_stopping_rounds: needs a validation set (the valid option)', { field: 'early_stopping_rounds' });
  if (opts.valid) {
    checkMatrix(opts.valid.x, 'gbdt validation data', x.cols);
    checkLabels(opts.valid.y, opts.valid.weight, opts.valid.x.rows, p, 'gbdt validation data');
  }
  const featureNames = data.featureNames ?? Array.from({ length: x.cols }, (_, i) => `f${i}`);
  if (featureNames.length !== x.cols) throw new SextantError('GBDT_DATA_INVALID', `gbdt training data: ${featureNames.length} feature names for ${x.cols} columns`, { names: featureNames.length, cols: x.cols });
  const progress = opts.progress ?? noProgress;
  const n = x.rows;
  const K = numOutputsOf(p);
  const spec: ObjectiveSpec = { objective: p.objective, outputs: K, alpha: p.alpha };

  const maxLeaves = p.growth === 'leafwise' ? Math.min(p.num_leaves, Math.max(2, n)) : Math.max(2, Math.min(2 ** p.max_depth, n));
  const setup = createSetup({
    rows: n,
    cols: x.cols,
    words: wordsPerRow(x.cols),
    outputs: K,
    objective: p.objective,
    alpha: p.alpha,
    threads: Math.max(1, Math.min(threadsFor(p, n), numChunks(n))),
    maxLeaves,
    subsample: p.subsample,
    seed: p.seed,
    maxBin: p.max_bin,
    raw: sharedCopy(x.data),
    sample: sharedCopy(sampleRows(n, p.seed)),
  });
  new Float64Array(setup.label).set(y);
  if (data.weight) {
    setup.weight = new SharedArrayBuffer(n * 8);
    new Float64Array(setup.weight).set(data.weight);
  }
  const base = baseScores(spec, y, data.weight ?? null);
  const score = new Float64Array(setup.score);
  for (let k = 0; k < K; k++) score.fill(base[k], k * n, (k + 1) * n);

  const team = await Team.start(setup);
  try {
    // Every thread finds the cut points of some features, then bins its own rows.
    team.run(Command.Cuts);
    team.run(Command.Bin);
    const mapper = team.shard.mapper;
    const valid = opts.valid ? new ValidSet(opts.valid, mapper, base, spec) : null;
    progress('gbdt:bins', 1, 1);
    const { trees, history } = await boost(team, p, spec, mapper, valid, progress, data);
    return new GbdtModel({ numFeatures: x.cols, numOutputs: K, baseScore: base, trees }, p, history, [...featureNames]);
  } finally {
    await team.close();
  }
}

async function boost(team: Team, p: GbdtParams, spec: ObjectiveSpec, mapper: BinMapper, valid: ValidSet | null, progress: ProgressFn, data: GbdtData): Promise<{ trees: Tree[]; history: GbdtHistory }> {
  const { v } = team.shard;
  const n = team.setup.rows;
  const K = spec.outputs;
  const T = team.threads;
  const grower = new TreeGrower(team, { growth: p.growth, maxDepth: p.max_depth, numLeaves: p.num_leaves, rules: { lambdaL1: p.lambda_l1, lambdaL2: p.lambda_l2, minChildWeight: p.min_child_weight, minSplitGain: p.min_split_gain }, learningRate: p.learning_rate, numBins: mapper.numBins }, team.setup.maxLeaves);
  const colRng = new Rng(p.seed);
  const weightSum = data.weight ? data.weight.reduce((a, b) => a + b, 0) : n;
  const chunks = numChunks(n);
  const history: GbdtHistory = { metric: METRIC_NAMES[p.objective], train: [], valid: valid ? [] : null, bestIteration: 0 };
  const trees: Tree[] = [];
  let best = Infinity;
  let bestRound = 0;
  // Chunk losses are added in chunk order, so the metric does not depend on the threads either.
  const trainMetric = () => {
    let loss = 0;
    for (let c = 0; c < chunks; c++) loss += v.chunkLoss[c];
    return finishMetric(spec, loss, weightSum);
  };
  for (let round = 0; round < p.num_rounds; round++) {
    v.control[C.ROUND] = round;
    team.run(Command.Gradients);
    if (round > 0) history.train.push(trainMetric());
    for (let k = 0; k < K; k++) {
      let maxG = 0;
      let maxH = 0;
      for (let t = 0; t < T; t++) {
        maxG = Math.max(maxG, v.maxAbs[t * 2 * K + 2 * k]);
        maxH = Math.max(maxH, v.maxAbs[t * 2 * K + 2 * k + 1]);
      }
      const features = sampleFeatures(mapper.cols, p.colsample, colRng);
      const grown = grower.grow(k, quantum(maxG, n), quantum(maxH, n), features);
      if (p.objective === 'quantile') {
        v.control[C.NODES] = grown.numNodes;
        team.run(Command.LeafIndex);
        renewQuantileLeaves(grown, v.leafOf, data.y, data.weight ?? null, v.score, p.alpha, p.learning_rate);
      }
      sendTree(team, grown);
      team.run(Command.Update);
      valid?.add(v.nodes, grown.numNodes, v.leafValues, k);
      trees.push(toTree(grown, mapper));
    }
    if (valid && history.valid) {
      const m = valid.metric();
      history.valid.push(m);
      if (m < best) {
        best = m;
        bestRound = round;
      }
      if (p.early_stopping_rounds > 0 && round - bestRound >= p.early_stopping_rounds) break;
    }
    progress('gbdt', round + 1, p.num_rounds);
    await team.breathe();
  }
  team.run(Command.Loss);
  history.train.push(trainMetric());
  // Without early stopping every tree is kept, the best validation round notwithstanding.
  history.bestIteration = p.early_stopping_rounds > 0 && valid ? bestRound : history.train.length - 1;
  return { trees: trees.slice(0, (history.bestIteration + 1) * K), history };
}
