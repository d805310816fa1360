import { SextantError } from '../core/errors.js';
import type { BarColumns } from '../core/bar-series.js';
import { type ProgressFn, noProgress } from '../core/progress.js';
import type { BarInput, ComputeContext, FeatureFamily, FeatureStream, Params } from './define.js';
import type { ResolvedFeature } from './registry.js';

/** Reference series (by the name after `@`) already aligned as-of to the bars' times. */
export type AlignedRefs = ReadonlyMap<string, Float64Array>;

interface Group {
  family: FeatureFamily;
  params: Params;
  ref: string | null;
  /** For each output of the family, the feature indices that want it. */
  wanted: number[][];
}

/** Features that share a family, parameters and reference are computed once (MACD's three outputs, say). */
function groupFeatures(features: readonly ResolvedFeature[]): Group[] {
  const groups = new Map<string, Group>();
  features.forEach((f, i) => {
    const key = `${f.family.spec.family}|${JSON.stringify(f.params)}|${f.ref ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { family: f.family, params: f.params, ref: f.ref, wanted: f.family.spec.outputs.map(() => []) };
      groups.set(key, g);
    }
    g.wanted[f.output].push(i);
  });
  return [...groups.values()];
}

function refColumn(refs: AlignedRefs | undefined, ref: string | null, length: number): Float64Array | null {
  if (ref === null) return null;
  const col = refs?.get(ref);
  if (!col) throw new SextantError('FEATURE_REF_MISSING', `no series '${ref}' was provided for the features that read it`, { ref });
  if (col.length !== length) throw new RangeError(`reference '${ref}' has ${col.length} values for ${length} bars`);
  return col;
}

/** Batch form: one column per feature, in the order given. */
export function computeFeatures(
  bars: BarColumns,
  features: readonly ResolvedFeature[],
  ctx: ComputeContext,
  refs?: AlignedRefs,
  progress: ProgressFn = noProgress,
): Float64Array[] {
  const n = bars.time.length;
  const result: Float64Array[] = new Array(features.length);
  const groups = groupFeatures(features);
  groups.forEach((g, k) => {
    progress('features', k, groups.length);
    const outs = g.wanted.map(() => new Float64Array(n));
    const inputs = { ...bars, ref: refColumn(refs, g.ref, n) };
    g.family.batch(inputs, g.params, outs, ctx);
    g.wanted.forEach((w, o) => {
      for (const i of w) result[i] = outs[o];
    });
  });
  progress('features', groups.length, groups.length);
  return result;
}

/** Copies bar i of the columns into the one object a stream is pushed (no allocation per bar). */
export function readBar(bars: BarColumns, i: number, into: BarInput): void {
  into.time = bars.time[i];
  into.open = bars.open[i];
  into.high = bars.high[i];
  into.low = bars.low[i];
  into.close = bars.close[i];
  into.volume = bars.volume[i];
}

/**
 * Streaming form of a feature list: push one bar (and the as-of values of its references),
 * read every feature's value for that bar. Gives exactly the batch values.
 */
export class FeatureSetStream {
  readonly values: Float64Array;
  private readonly parts: { stream: FeatureStream; ref: string | null; out: Float64Array; wanted: number[][] }[];
  private readonly bar: BarInput = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, ref: NaN };

  constructor(features: readonly ResolvedFeature[], ctx: ComputeContext) {
    this.values = new Float64Array(features.length).fill(NaN);
    this.parts = groupFeatures(features).map((g) => ({
      stream: g.family.stream(g.params, ctx),
      ref: g.ref,
      out: new Float64Array(g.family.spec.outputs.length),
      wanted: g.wanted,
    }));
  }

  /** Feeds bar i of `bars`; `refs` holds each reference's latest published value (as-of this bar's close). */
  push(bars: BarColumns, i: number, refs?: ReadonlyMap<string, number>): Float64Array {
    const bar = this.bar;
    readBar(bars, i, bar);
    for (const p of this.parts) {
      bar.ref = p.ref === null ? NaN : (refs?.get(p.ref) ?? NaN);
      p.stream.push(bar, p.out);
      for (let o = 0; o < p.wanted.length; o++) for (const k of p.wanted[o]) this.values[k] = p.out[o];
    }
    return this.values;
  }
}
