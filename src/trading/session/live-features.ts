import type { BarColumns } from '../../core/bar-series.js';
import { SextantError } from '../../core/errors.js';
import type { BarInput, ComputeContext, FeatureStream } from '../../features/define.js';
import { readBar } from '../../features/compute.js';
import { registry } from '../../features/registry.js';

/** One feature of one symbol, kept current bar by bar. */
interface Column {
  stream: FeatureStream;
  /** The family's outputs after the latest push; `output` is the one this feature is. */
  out: Float64Array;
  output: number;
  /** The reference symbol (-1: none) and the first of its bars this column has not yet taken as-of. */
  ref: number;
  refNext: number;
  /** Values over the live range (NaN until the bar arrives). */
  values: Float64Array;
}

/**
 * Feature columns over bars that keep arriving, by the streaming form of each family: a feature
 * asked for the first time takes every bar held so far (history and live), then one push per new
 * bar. The kernels are causal and their stream equals their batch, so each value is what the
 * batch over the whole series gives at that bar. A reference symbol is read as-of: the latest of
 * its bars held at the push that closed at or before the bar's close.
 */
export class LiveFeatures {
  private readonly memo = new Map<string, Float64Array[]>();
  private readonly bySymbol: Column[][];
  private readonly bar: BarInput = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, ref: NaN };

  constructor(
    private readonly symbols: readonly string[],
    /** History and live bars per symbol, padded after the bars held (time +Infinity). */
    private readonly full: readonly BarColumns[],
    /** Index in `full` of the first live bar (the history length), per symbol. */
    private readonly start: readonly number[],
    /** Live bars held so far, per symbol (read, never written here). */
    private readonly counts: Int32Array,
    private readonly capacity: number,
    private readonly ctx: ComputeContext,
  ) {
    this.bySymbol = symbols.map(() => []);
  }

  columns(name: string): Float64Array[] {
    const f = registry().resolve(name);
    const hit = this.memo.get(f.name);
    if (hit) return hit;
    let ref = -1;
    if (f.ref !== null) {
      ref = this.symbols.indexOf(f.ref);
      if (ref < 0 || f.family.spec.ref !== 'symbol') {
        throw new SextantError('FEATURE_REF_MISSING', `feature ${name} reads ${f.ref}, which is not one of the session's symbols (${this.symbols.join(', ')})`, { feature: name, ref: f.ref });
      }
    }
    const cols = this.symbols.map((_, s) => {
      const c: Column = {
        stream: f.family.stream(f.params, this.ctx),
        out: new Float64Array(f.family.spec.outputs.length),
        output: f.output,
        ref,
        refNext: 0,
        values: new Float64Array(this.capacity).fill(NaN),
      };
      const held = this.start[s] + this.counts[s];
      for (let k = 0; k < held; k++) this.push(c, s, k);
      this.bySymbol[s].push(c);
      return c.values;
    });
    this.memo.set(f.name, cols);
    return cols;
  }

  /** Bar `k` of symbol `s` (an index into its full bars) has arrived: every column of the symbol takes it. */
  onBar(s: number, k: number): void {
    const list = this.bySymbol[s];
    for (let c = 0; c < list.length; c++) this.push(list[c], s, k);
  }

  private push(c: Column, s: number, k: number): void {
    const bar = this.bar;
    readBar(this.full[s], k, bar);
    bar.ref = NaN;
    if (c.ref >= 0) {
      const r = this.full[c.ref];
      // Bars not yet held are padded with +Infinity, so the walk stops at the last held one.
      let j = c.refNext;
      while (j < r.time.length && r.time[j] <= bar.time) j++;
      c.refNext = j;
      if (j > 0) bar.ref = r.close[j - 1];
    }
    c.stream.push(bar, c.out);
    const i = k - this.start[s];
    if (i >= 0) c.values[i] = c.out[c.output];
  }
}
