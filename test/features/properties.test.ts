/**
 * Properties every feature family must have, checked for all of them on every real data file:
 * batch = streaming (exactly), causality (a prefix gives the same values), the declared warm-up,
 * NaN inputs that reset, flat and zero-volume windows that stay finite, short series.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarSeries, type BarColumns } from '../../src/core/bar-series.js';
import type { ComputeContext, FeatureFamily, Params } from '../../src/features/define.js';
import { registry } from '../../src/features/registry.js';
import { loadReal, realDataFiles } from '../helpers/real-bars.js';

const families = registry().families;
const files = realDataFiles();

function defaults(f: FeatureFamily): Params {
  return Object.fromEntries(f.spec.params.map((p) => [p.name, p.default]));
}

/** Small windows, so warm-ups end early and resets are exercised often. */
function small(f: FeatureFamily): Params {
  const p = Object.fromEntries(f.spec.params.map((s) => [s.name, s.integer ? Math.min(s.max, Math.max(s.min, Math.ceil(s.default / 3))) : s.default]));
  return f.check?.(p) ? defaults(f) : p;
}

function ctxOf(bars: BarSeries): ComputeContext {
  return { interval: bars.interval, timezone: 'UTC' };
}

function batch(f: FeatureFamily, bars: BarColumns, p: Params, ctx: ComputeContext): Float64Array[] {
  const outs = f.spec.outputs.map(() => new Float64Array(bars.time.length));
  const ref = f.spec.inputs.includes('ref') ? bars.open : null;
  f.batch({ ...bars, ref }, p, outs, ctx);
  return outs;
}

function stream(f: FeatureFamily, bars: BarColumns, p: Params, ctx: ComputeContext): Float64Array[] {
  const n = bars.time.length;
  const outs = f.spec.outputs.map(() => new Float64Array(n));
  const s = f.stream(p, ctx);
  const out = new Float64Array(outs.length);
  const bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, ref: NaN };
  const reads = f.spec.inputs.includes('ref');
  for (let i = 0; i < n; i++) {
    bar.time = bars.time[i];
    bar.open = bars.open[i];
    bar.high = bars.high[i];
    bar.low = bars.low[i];
    bar.close = bars.close[i];
    bar.volume = bars.volume[i];
    bar.ref = reads ? bars.open[i] : NaN;
    s.push(bar, out);
    for (let o = 0; o < outs.length; o++) outs[o][i] = out[o];
  }
  return outs;
}

/** Index of the first difference (NaN equals NaN), or -1. */
function firstDifference(a: Float64Array, b: Float64Array, from = 0, to = Math.min(a.length, b.length), offset = 0): number {
  for (let i = from; i < to; i++) if (!Object.is(a[i], b[i - offset])) return i;
  return -1;
}

function describeDiff(name: string, a: Float64Array, b: Float64Array, i: number, offset = 0): string {
  return i < 0 ? 'same' : `${name} differs at bar ${i}: ${a[i]} vs ${b[i - offset]}`;
}

function slice(bars: BarColumns, from: number, to: number): BarColumns {
  return {
    time: bars.time.subarray(from, to),
    open: bars.open.subarray(from, to),
    high: bars.high.subarray(from, to),
    low: bars.low.subarray(from, to),
    close: bars.close.subarray(from, to),
    volume: bars.volume.subarray(from, to),
    adjClose: null,
  };
}

function copy(bars: BarColumns): BarColumns {
  return {
    time: bars.time.slice(),
    open: bars.open.slice(),
    high: bars.high.slice(),
    low: bars.low.slice(),
    close: bars.close.slice(),
    volume: bars.volume.slice(),
    adjClose: null,
  };
}

const fileNames = files.map((f) => [f.split('/').pop()!, f] as const);

describe.each(families.map((f) => [f.spec.family, f] as const))('feature family %s', (_name, family) => {
  const paramSets = [defaults(family), small(family)];

  it.each(fileNames)('batch = streaming, exactly, on %s', (_file, path) => {
    const bars = loadReal(path);
    for (const p of paramSets) {
      const a = batch(family, bars, p, ctxOf(bars));
      const b = stream(family, bars, p, ctxOf(bars));
      a.forEach((col, o) => expect(describeDiff(family.spec.outputs[o], col, b[o], firstDifference(col, b[o]))).toBe('same'));
    }
  });

  it.each(fileNames)('is causal on %s: a prefix ending at t gives the full-series values up to t', (_file, path) => {
    const bars = loadReal(path);
    const p = small(family);
    const full = batch(family, bars, p, ctxOf(bars));
    const n = bars.time.length;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: n }), (t) => {
        const part = batch(family, slice(bars, 0, t), p, ctxOf(bars));
        part.forEach((col, o) => expect(describeDiff(family.spec.outputs[o], col, full[o], firstDifference(col, full[o], 0, t))).toBe('same'));
      }),
      { numRuns: 15, seed: 42 },
    );
  });

  it.each(fileNames)('warms up for exactly the declared number of bars on %s', (_file, path) => {
    const bars = loadReal(path);
    // Index levels such as STOXX50E carry no volume: a volume-weighted value is undefined there.
    if (family.spec.inputs.includes('volume') && bars.volume.some((v) => !(v > 0))) return;
    for (const p of paramSets) {
      const warm = family.warmup(p);
      batch(family, bars, p, ctxOf(bars)).forEach((col, o) => {
        const first = col.findIndex((v) => !Number.isNaN(v));
        const expected = warm[o] < col.length ? warm[o] : -1;
        expect(`${family.spec.outputs[o]} first value at ${first}`).toBe(`${family.spec.outputs[o]} first value at ${expected}`);
      });
    }
  });

  it('resets on a NaN input: NaN at that bar, then the values of a series starting after it', () => {
    const bars = loadReal(fileNames[0][1]);
    const p = small(family);
    const n = bars.time.length;
    const k = Math.floor(n / 3);
    const broken = copy(bars);
    for (const col of [broken.open, broken.high, broken.low, broken.close, broken.volume]) col[k] = NaN;
    const got = batch(family, broken, p, ctxOf(bars));
    const after = batch(family, slice(bars, k + 1, n), p, ctxOf(bars));
    const readsPrices = family.spec.inputs.some((i) => i !== 'time');
    got.forEach((col, o) => {
      if (readsPrices) expect(col[k]).toBeNaN();
      expect(describeDiff(family.spec.outputs[o], col, after[o], firstDifference(col, after[o], k + 1, n, k + 1), k + 1)).toBe('same');
    });
  });

  it('stays finite on flat prices and on zero volume, and is all NaN on a series shorter than its warm-up', () => {
    const n = 400;
    const flat = BarSeries.empty('FLAT', '1d', n);
    const zeroVolume = BarSeries.empty('ZERO', '1d', n);
    for (let i = 0; i < n; i++) {
      flat.time[i] = zeroVolume.time[i] = Date.UTC(2020, 0, 2 + i);
      flat.open[i] = flat.high[i] = flat.low[i] = flat.close[i] = 100;
      flat.volume[i] = 1000;
      const c = 100 + 10 * Math.sin(i / 7);
      zeroVolume.open[i] = c - 0.5;
      zeroVolume.close[i] = c;
      zeroVolume.high[i] = c + 1;
      zeroVolume.low[i] = c - 1;
    }
    const p = small(family);
    const warm = family.warmup(p);
    for (const bars of [flat, zeroVolume]) {
      batch(family, bars, p, ctxOf(bars)).forEach((col, o) => {
        const bad = col.findIndex((v, i) => (i >= warm[o] && !Number.isFinite(v) && !(family.spec.inputs.includes('volume') && bars === zeroVolume && Number.isNaN(v))) || v === Infinity || v === -Infinity);
        expect(`${bars.symbol} ${family.spec.outputs[o]}: first non-finite value at ${bad}`).toBe(`${bars.symbol} ${family.spec.outputs[o]}: first non-finite value at -1`);
      });
    }
    const shortLength = Math.max(0, Math.min(...warm));
    const short = slice(flat, 0, shortLength);
    for (const col of batch(family, short, p, ctxOf(flat))) expect(col.every((v) => Number.isNaN(v))).toBe(true);
  });
});
