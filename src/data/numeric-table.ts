import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { SextantError } from '../core/errors.js';

/** A plain numeric table read from CSV: column names and row-major values (NaN for empty or NA cells). */
export interface NumericTable {
  names: string[];
  rows: number;
  data: Float64Array;
}

const MISSING = new Set(['', 'na', 'nan', 'null', 'none']);

/**
 * Reads a CSV of numbers with a header row (model training tables, not market data). Rows are
 * parsed one at a time straight into a growing Float64Array, so a million-row table never exists
 * as strings. Empty, NA and NaN cells are missing values; any other non-number is an error
 * naming the file, line and column.
 */
export function readNumericCsv(file: string): NumericTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new SextantError('FILE_NOT_FOUND', `${file}: cannot be read`, { file });
  }
  let names: string[] | null = null;
  let data = new Float64Array(1 << 16);
  let at = 0;
  let line = 0;
  let failure: SextantError | null = null;
  Papa.parse<string[]>(text, {
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      line++;
      const row = result.data;
      if (names === null) {
        names = row.map((s) => s.trim());
        return;
      }
      if (row.length !== names.length) {
        failure = new SextantError('CSV_FIELD_COUNT', `${file}, line ${line}: ${row.length} fields, the header has ${names.length}`, { file, line });
        return parser.abort();
      }
      if (at + row.length > data.length) {
        const grown = new Float64Array(data.length * 2);
        grown.set(data);
        data = grown;
      }
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        const v = Number(cell);
        if (Number.isNaN(v) || cell.trim() === '') {
          if (!MISSING.has(cell.trim().toLowerCase())) {
            failure = new SextantError('DATA_NOT_NUMERIC', `${file}, line ${line}, column ${names[c]}: '${cell}' is not a number`, { file, line, column: names[c] });
            return parser.abort();
          }
          data[at++] = NaN;
        } else data[at++] = v;
      }
    },
  });
  if (failure) throw failure;
  if (names === null) throw new SextantError('FILE_EMPTY', `${file}: no header row`, { file });
  const cols = (names as string[]).length;
  if (at === 0) throw new SextantError('FILE_NO_ROWS', `${file}: a header but no rows`, { file });
  return { names: names as string[], rows: at / cols, data: data.slice(0, at) };
}

/** Splits off one column (the label) from a table: the rest is the feature matrix. */
export function splitColumn(t: NumericTable, name: string, file: string): { x: Float64Array; y: Float64Array; names: string[] } {
  const k = t.names.indexOf(name);
  if (k < 0) throw new SextantError('CSV_MISSING_COLUMN', `${file}: no column '${name}' (columns: ${t.names.slice(0, 10).join(', ')}${t.names.length > 10 ? ', …' : ''})`, { file, column: name });
  const cols = t.names.length;
  const x = new Float64Array(t.rows * (cols - 1));
  const y = new Float64Array(t.rows);
  for (let r = 0; r < t.rows; r++) {
    const src = r * cols;
    y[r] = t.data[src + k];
    x.set(t.data.subarray(src, src + k), r * (cols - 1));
    x.set(t.data.subarray(src + k + 1, src + cols), r * (cols - 1) + k);
  }
  return { x, y, names: t.names.filter((_, c) => c !== k) };
}
