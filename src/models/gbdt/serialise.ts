/**
 * The JSON form of a tree ensemble (format 1): integer arrays as numbers, real arrays as base64
 * of their float64 bytes, so a model read back predicts the same bits.
 */
import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import type { SerialisedModel } from '../model.js';
import { base64ToFloat64, float64ToBase64 } from './base64.js';
import type { GbdtParams } from './params.js';
import type { Tree, TreeEnsemble } from './tree.js';

export interface SerialisedTree {
  feature: number[];
  /** base64 of little-endian float64 (base64.ts), as are the other real arrays. */
  threshold: string;
  defaultLeft: number[];
  left: number[];
  right: number[];
  gain: string;
  cover: string;
  leafValue: string;
  leafCover: string;
}

export interface SerialisedEnsemble {
  numFeatures: number;
  numOutputs: number;
  baseScore: string;
  trees: SerialisedTree[];
}

export interface SerialisedGbdtModel extends SerialisedModel, SerialisedEnsemble {
  kind: 'gbdt';
  format: 1;
  params: GbdtParams;
  history: { metric: string; train: (number | null)[]; valid: (number | null)[] | null; bestIteration: number };
}

const int = z.number().int();
const TreeSchema = z.strictObject({
  feature: z.array(int.min(0)),
  threshold: z.string(),
  defaultLeft: z.array(z.union([z.literal(0), z.literal(1)])),
  left: z.array(int),
  right: z.array(int),
  gain: z.string(),
  cover: z.string(),
  leafValue: z.string(),
  leafCover: z.string(),
});

const ModelSchema = z.strictObject({
  kind: z.literal('gbdt'),
  format: z.literal(1),
  task: z.enum(['binary', 'multiclass', 'regression']),
  featureNames: z.array(z.string()),
  params: z.record(z.string(), z.unknown()),
  history: z.strictObject({
    metric: z.string(),
    train: z.array(z.number().nullable()),
    valid: z.array(z.number().nullable()).nullable(),
    bestIteration: int.min(0),
  }),
  numFeatures: int.min(1),
  numOutputs: int.min(1),
  baseScore: z.string(),
  trees: z.array(TreeSchema),
});

function fail(message: string, details: Record<string, unknown> = {}): never {
  throw new SextantError('GBDT_MODEL_INVALID', `serialised gbdt model: ${message}`, details);
}

export function parseSerialisedGbdt(json: unknown): z.infer<typeof ModelSchema> {
  const parsed = ModelSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`field ${issue.path.join('.') || '(top level)'}: ${issue.message}`, { field: issue.path.join('.') });
  }
  return parsed.data;
}

export function ensembleToJSON(e: TreeEnsemble): SerialisedEnsemble {
  return {
    numFeatures: e.numFeatures,
    numOutputs: e.numOutputs,
    baseScore: float64ToBase64(e.baseScore),
    trees: e.trees.map((t) => ({
      feature: Array.from(t.feature),
      threshold: float64ToBase64(t.threshold),
      defaultLeft: Array.from(t.defaultLeft),
      left: Array.from(t.left),
      right: Array.from(t.right),
      gain: float64ToBase64(t.gain),
      cover: float64ToBase64(t.cover),
      leafValue: float64ToBase64(t.leafValue),
      leafCover: float64ToBase64(t.leafCover),
    })),
  };
}

function reals(s: string, length: number, field: string): Float64Array {
  const a = base64ToFloat64(s);
  if (a === null || a.length !== length) fail(`${field} should hold ${length} float64 values in base64`, { field });
  return a;
}

/** A tree's arrays agree in length and every child points inside the tree, after its parent. */
function treeFromJSON(t: SerialisedTree, i: number, numFeatures: number): Tree {
  const n = t.feature.length;
  const where = `trees.${i}`;
  for (const [name, a] of [['defaultLeft', t.defaultLeft], ['left', t.left], ['right', t.right]] as const) {
    if (a.length !== n) fail(`${where}.${name} has ${a.length} entries, expected ${n}`, { field: `${where}.${name}` });
  }
  for (let j = 0; j < n; j++) {
    if (t.feature[j] >= numFeatures) fail(`${where}.feature[${j}] is ${t.feature[j]}, the model has ${numFeatures} features`, { field: `${where}.feature` });
    // A child node comes after its parent (as training numbers them), so no tree can loop.
    for (const c of [t.left[j], t.right[j]]) if (c >= 0 ? c <= j || c >= n : ~c > n) fail(`${where}: node ${j} has child ${c}, outside the tree or before its parent`, { field: `${where}.left` });
  }
  return {
    feature: Int32Array.from(t.feature),
    threshold: reals(t.threshold, n, `${where}.threshold`),
    defaultLeft: Uint8Array.from(t.defaultLeft),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    gain: reals(t.gain, n, `${where}.gain`),
    cover: reals(t.cover, n, `${where}.cover`),
    leafValue: reals(t.leafValue, n + 1, `${where}.leafValue`),
    leafCover: reals(t.leafCover, n + 1, `${where}.leafCover`),
  };
}

export function ensembleFromJSON(e: SerialisedEnsemble): TreeEnsemble {
  return {
    numFeatures: e.numFeatures,
    numOutputs: e.numOutputs,
    baseScore: reals(e.baseScore, e.numOutputs, 'baseScore'),
    trees: e.trees.map((t, i) => treeFromJSON(t, i, e.numFeatures)),
  };
}
