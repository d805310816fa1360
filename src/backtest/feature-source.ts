import { SextantError } from '../core/errors.js';
import { alignAsOf, barsAsPoints } from '../features/asof.js';
import { computeFeatures } from '../features/compute.js';
import { registry } from '../features/registry.js';
import type { MarketData } from './market-data.js';

/**
 * Feature columns for a run, computed once per name over each symbol's whole history (the
 * kernels are causal, so earlier bars only warm them up) and served as views of the run's range.
 * A cross-asset reference (`corr_20@SPY`) must be one of the run's symbols.
 */
export class FeatureSource {
  private readonly memo = new Map<string, Float64Array[]>();

  constructor(
    private readonly data: MarketData,
    private readonly timezone: string,
  ) {}

  columns(name: string): Float64Array[] {
    const hit = this.memo.get(name);
    if (hit) return hit;
    const f = registry().resolve(name);
    const { data } = this;
    const cols = data.full.map((full, s) => {
      let refs: Map<string, Float64Array> | undefined;
      if (f.ref !== null) {
        const r = data.symbols.indexOf(f.ref);
        if (r < 0 || f.family.spec.ref !== 'symbol') {
          throw new SextantError('FEATURE_REF_MISSING', `feature ${name} reads ${f.ref}, which is not one of the run's symbols (${data.symbols.join(', ')})`, { feature: name, ref: f.ref });
        }
        refs = new Map([[f.ref, alignAsOf(full.time, barsAsPoints(data.full[r].time, data.full[r].close))]]);
      }
      const [col] = computeFeatures(full, [f], { interval: data.interval, timezone: this.timezone }, refs);
      return col.subarray(data.start[s], data.start[s] + data.bars[s].time.length);
    });
    this.memo.set(name, cols);
    return cols;
  }
}
