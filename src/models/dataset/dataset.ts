import type { BarSeries } from '../../core/bar-series.js';
import { SextantError } from '../../core/errors.js';
import { type Matrix, type Task, takeRows } from '../model.js';
import { type LabelSpec, type LabelSpecInput, computeLabels, labelTask, parseLabelSpec } from './labels/label-spec.js';

/** One symbol's bars and its causal feature columns (one per feature, each as long as the bars). */
export interface SymbolFeatures {
  symbol: string;
  bars: BarSeries;
  columns: readonly Float64Array[];
  featureNames: readonly string[];
}

export interface DatasetRequest {
  label: LabelSpecInput;
  /** Decision-time (bar close) range of the rows, inclusive; no bar after `to` is read, labels included. */
  from?: number;
  to?: number;
}

/**
 * Rows ready for learning, sorted by time, then symbol. Row r was decided at the close of bar
 * barIndex[r] of symbols[symbolIndex[r]]; its features use data up to that close and its label
 * the bars after it, up to the close at labelEnd[r].
 */
export interface Dataset {
  /** rows × features, row-major; NaN = missing. */
  x: Matrix;
  y: Float64Array;
  /** Decision time: the bar's close (UTC ms). */
  time: Float64Array;
  /** Close time of the bar that settles the label: [time, labelEnd] is the row's label window. */
  labelEnd: Float64Array;
  symbolIndex: Uint16Array;
  /** Symbols in name order; symbolIndex points here. */
  symbols: string[];
  barIndex: Int32Array;
  /** Simple close-to-close return over the label window. */
  forwardReturn: Float64Array;
  featureNames: string[];
  task: Task;
  /** 2 or 3 for classifiers, 0 for regression. */
  numClasses: number;
  label: LabelSpec;
}

function invalid(message: string, details: Record<string, unknown>): never {
  throw new SextantError('DATASET_INVALID', message, details);
}

function checkInputs(inputs: readonly SymbolFeatures[]): void {
  if (inputs.length === 0) invalid('a dataset needs at least one symbol', {});
  if (inputs.length > 0xffff) invalid(`a dataset holds at most 65535 symbols, got ${inputs.length}`, { symbols: inputs.length });
  const names = inputs[0].featureNames;
  if (names.length === 0) invalid('a dataset needs at least one feature', { symbol: inputs[0].symbol });
  const seen = new Set<string>();
  for (const s of inputs) {
    if (seen.has(s.symbol)) invalid(`symbol ${s.symbol} is given twice`, { symbol: s.symbol });
    seen.add(s.symbol);
    if (s.featureNames.length !== names.length || s.featureNames.some((n, i) => n !== names[i])) {
      invalid(`${s.symbol} has features [${s.featureNames.join(', ')}], expected [${names.join(', ')}] (the same names in the same order for every symbol)`, { symbol: s.symbol });
    }
    if (s.columns.length !== names.length) invalid(`${s.symbol} has ${s.columns.length} feature columns for ${names.length} feature names`, { symbol: s.symbol });
    s.columns.forEach((c, f) => {
      if (c.length !== s.bars.length) invalid(`${s.symbol} feature ${names[f]} has ${c.length} values for ${s.bars.length} bars`, { symbol: s.symbol, feature: names[f] });
    });
  }
}

/** Bars of one symbol that become rows: labelled, in range, and not all-NaN (warm-up). */
interface SymbolRows {
  input: SymbolFeatures;
  bars: Int32Array;
  y: Float64Array;
  labelEnd: Float64Array;
  forwardReturn: Float64Array;
}

function symbolRows(input: SymbolFeatures, label: LabelSpec, from: number, to: number): SymbolRows {
  const all = input.bars;
  // Label on the bars up to `to` only, so a dataset ending at `to` never reads a later bar.
  let end = all.lowerBound(to);
  while (end < all.length && all.time[end] <= to) end++;
  const labels = computeLabels(all.slice(0, end), label);
  const kept = new Int32Array(end);
  let n = 0;
  for (let t = all.lowerBound(from); t < end; t++) {
    if (Number.isNaN(labels.y[t])) continue;
    let any = false;
    for (let f = 0; f < input.columns.length && !any; f++) any = !Number.isNaN(input.columns[f][t]);
    if (any) kept[n++] = t;
  }
  return { input, bars: kept.subarray(0, n), ...labels };
}

/**
 * Rows from every symbol's features and labels: rows whose label is unknown and rows whose
 * features are all NaN (warm-up) are dropped; partly missing rows are kept (trees route NaN).
 */
export function buildDataset(inputs: readonly SymbolFeatures[], request: DatasetRequest): Dataset {
  checkInputs(inputs);
  const label = parseLabelSpec(request.label);
  const from = request.from ?? -Infinity;
  const to = request.to ?? Infinity;
  const sorted = [...inputs].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const perSymbol = sorted.map((s) => symbolRows(s, label, from, to));
  const rows = perSymbol.reduce((n, s) => n + s.bars.length, 0);
  if (rows === 0) {
    throw new SextantError('DATASET_EMPTY', `no row has both a known label and a feature value in the range (label ${label.kind}, horizon ${label.horizon})`, { label, from: request.from, to: request.to });
  }
  const cols = sorted[0].featureNames.length;
  const ds: Dataset = {
    x: { rows, cols, data: new Float64Array(rows * cols) },
    y: new Float64Array(rows),
    time: new Float64Array(rows),
    labelEnd: new Float64Array(rows),
    symbolIndex: new Uint16Array(rows),
    symbols: sorted.map((s) => s.symbol),
    barIndex: new Int32Array(rows),
    forwardReturn: new Float64Array(rows),
    featureNames: [...sorted[0].featureNames],
    ...labelTask(label),
    label,
  };
  // k-way merge by time; the lower symbol index wins a tie, so rows sort by time, then symbol.
  const next = new Int32Array(perSymbol.length);
  for (let r = 0; r < rows; r++) {
    let s = -1;
    let best = Infinity;
    for (let k = 0; k < perSymbol.length; k++) {
      if (next[k] < perSymbol[k].bars.length) {
        const t = perSymbol[k].input.bars.time[perSymbol[k].bars[next[k]]];
        if (t < best) {
          best = t;
          s = k;
        }
      }
    }
    const src = perSymbol[s];
    const bar = src.bars[next[s]++];
    ds.y[r] = src.y[bar];
    ds.time[r] = best;
    ds.labelEnd[r] = src.labelEnd[bar];
    ds.symbolIndex[r] = s;
    ds.barIndex[r] = bar;
    ds.forwardReturn[r] = src.forwardReturn[bar];
    for (let f = 0; f < cols; f++) ds.x.data[r * cols + f] = src.input.columns[f][bar];
  }
  return ds;
}

/** The given rows of a dataset, in the given order. */
export function subset(ds: Dataset, rows: ArrayLike<number>): Dataset {
  const n = ds.y.length;
  for (let i = 0; i < rows.length; i++) {
    if (!(Number.isInteger(rows[i]) && rows[i] >= 0 && rows[i] < n)) invalid(`row ${rows[i]} is not a row of a dataset of ${n} rows`, { row: rows[i], rows: n });
  }
  const pick = <T extends Float64Array | Int32Array | Uint16Array>(a: T, out: T): T => {
    for (let i = 0; i < rows.length; i++) out[i] = a[rows[i]];
    return out;
  };
  const m = rows.length;
  return {
    ...ds,
    x: takeRows(ds.x, rows),
    y: pick(ds.y, new Float64Array(m)),
    time: pick(ds.time, new Float64Array(m)),
    labelEnd: pick(ds.labelEnd, new Float64Array(m)),
    symbolIndex: pick(ds.symbolIndex, new Uint16Array(m)),
    barIndex: pick(ds.barIndex, new Int32Array(m)),
    forwardReturn: pick(ds.forwardReturn, new Float64Array(m)),
  };
}
