import { createHash } from 'node:crypto';
import type { BarSeries } from '../core/bar-series.js';
import { SextantError } from '../core/errors.js';
import type { Interval } from '../core/interval.js';
import { type ProgressFn, noProgress } from '../core/progress.js';
import { alignAsOf, barsAsPoints } from '../features/asof.js';
import { type AlignedRefs, computeFeatures } from '../features/compute.js';
import type { FeatureSet } from '../features/feature-set.js';
import type { ResolvedFeature } from '../features/registry.js';
import type { Store } from '../store/store.js';

export interface FeatureTableRequest {
  symbol: string;
  interval: Interval;
  set: FeatureSet;
  /** Bar close-time range of the rows wanted; features are computed over all earlier bars too, so warm-ups use real history. */
  from?: number;
  to?: number;
  timezone: string;
  /** Read and write the feature cache in the store. */
  cache?: boolean;
  progress?: ProgressFn;
}

export interface FeatureTable {
  bars: BarSeries;
  set: FeatureSet;
  columns: Float64Array[];
  /** Columns served from the cache. */
  cached: number;
}

interface RefData {
  values: Float64Array;
  /** Identifies the reference's content (its store version), for the cache key. */
  version: string;
}

async function loadRef(store: Store, f: ResolvedFeature, bars: BarSeries): Promise<RefData> {
  const ref = f.ref!;
  if (f.family.spec.ref === 'symbol') {
    const info = await store.getSeries(ref, bars.interval);
    const other = info ? await store.loadBars(ref, bars.interval) : null;
    if (!info || !other) {
      throw new SextantError('FEATURE_REF_MISSING', `feature ${f.name} needs ${ref} ${bars.interval} bars, which are not stored; ingest them first`, { feature: f.name, symbol: ref, interval: bars.interval });
    }
    return { values: alignAsOf(bars.time, barsAsPoints(other.time, other.close)), version: `bars:${ref}:${info.version}` };
  }
  const info = await store.getAltSeries(ref);
  const points = info ? await store.loadAltSeries(ref) : null;
  if (!info || !points) {
    throw new SextantError('ALT_SERIES_NOT_FOUND', `feature ${f.name} reads the alternative series '${ref}', which is not stored; see 'sextant ingest-series'`, { feature: f.name, name: ref });
  }
  return { values: alignAsOf(bars.time, points), version: `alt:${ref}:${info.version}` };
}

/**
 * Loads a stored series and its references, computes a feature set over the whole history up to
 * `to` (a prefix gives the same values as the full series, so this is causal), and returns the
 * rows in [from, to]. With `cache`, columns computed for the same series version, feature
 * version and inputs are reused, and new ones are saved.
 */
export async function computeFeatureTable(store: Store, req: FeatureTableRequest): Promise<FeatureTable> {
  const progress = req.progress ?? noProgress;
  const info = await store.getSeries(req.symbol, req.interval);
  const all = info ? await store.loadBars(req.symbol, req.interval) : null;
  if (!info || !all) {
    throw new SextantError('SERIES_NOT_FOUND', `no stored bars for ${req.symbol} ${req.interval}; see 'sextant data list'`, { symbol: req.symbol, interval: req.interval });
  }
  const features = req.set.features;
  const refs = new Map<string, RefData>();
  for (const f of features) if (f.ref && !refs.has(f.ref)) refs.set(f.ref, await loadRef(store, f, all));

  const inputsHash = (f: ResolvedFeature) =>
    createHash('sha256')
      .update(JSON.stringify({ tz: req.timezone, ref: f.ref ? refs.get(f.ref)!.version : null }))
      .digest('hex')
      .slice(0, 16);
  const key = (f: ResolvedFeature) => ({ symbol: req.symbol, interval: req.interval, name: f.name, featureVersion: f.version, seriesVersion: info.version, inputsHash: inputsHash(f) });

  const columns: Float64Array[] = new Array(features.length);
  let cached = 0;
  if (req.cache) {
    for (let i = 0; i < features.length; i++) {
      const hit = await store.loadFeatureColumn(key(features[i]));
      if (hit && hit.length === all.length) {
        columns[i] = hit;
        cached++;
      }
    }
  }
  const missing = features.map((_, i) => i).filter((i) => !columns[i]);
  const aligned: AlignedRefs = new Map([...refs].map(([name, r]) => [name, r.values]));
  const ctx = { interval: req.interval, timezone: req.timezone };
  const computed = computeFeatures(all, missing.map((i) => features[i]), ctx, aligned, progress);
  missing.forEach((i, k) => (columns[i] = computed[k]));
  if (req.cache && missing.length > 0) {
    await store.saveFeatureColumns(missing.map((i) => ({ ...key(features[i]), values: columns[i] })));
  }

  const from = req.from ?? -Infinity;
  const to = req.to ?? Infinity;
  const bars = all.between(from, to);
  const start = all.lowerBound(from);
  return { bars, set: req.set, columns: columns.map((c) => c.subarray(start, start + bars.length)), cached };
}
