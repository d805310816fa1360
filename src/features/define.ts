import type { Interval } from '../core/interval.js';
import type { FeatureSpec } from './spec.js';

/** One bar as a streaming feature sees it. `ref` is the as-of value of the feature's reference series (NaN if none yet). */
export interface BarInput {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  ref: number;
}

/** What the bars are, for features that depend on the calendar. */
export interface ComputeContext {
  interval: Interval;
  /** IANA zone whose local calendar the calendar features use. */
  timezone: string;
}

/** Columns a batch computation reads; `ref` is the reference series aligned as-of to `time` (null if the feature has none). */
export interface FeatureInputs {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  ref: Float64Array | null;
}

export type Params = Readonly<Record<string, number>>;

/** The streaming form: feed bars one at a time; each push writes that bar's outputs. */
export interface FeatureStream {
  push(bar: BarInput, out: Float64Array): void;
}

/**
 * A feature family: its spec (data) and its code. `batch` and `stream` must give identical
 * values on the same bars; the test suite checks that on every real data file.
 */
export interface FeatureFamily {
  spec: FeatureSpec;
  /** Leading NaN values of each output on clean data. */
  warmup(p: Params): number[];
  /** Fills `outs` (one column per output, as long as the inputs). */
  batch(inputs: FeatureInputs, p: Params, outs: Float64Array[], ctx: ComputeContext): void;
  stream(p: Params, ctx: ComputeContext): FeatureStream;
  /** Constraints between parameters (e.g. fast < slow): a message when violated. */
  check?(p: Params): string | null;
}

/** Parameter spec shorthand: an integer window length. */
export function lengthParam(name: string, description: string, def: number, min = 1, max = 100_000) {
  return { name, description, min, max, integer: true, default: def };
}
