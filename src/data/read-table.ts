import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import Papa from 'papaparse';
import { SextantError } from '../core/errors.js';
import type { Problem } from './problems.js';

export type TableFormat = 'csv' | 'jsonl';

/** Receives a file's rows, as text fields, one at a time. */
export interface RowHandler {
  /** `row` is the 1-based row number in the file (the header is row 1). */
  row(fields: string[], row: number): void;
  /** A row that cannot even be split into fields (a broken JSON line). */
  unreadable(problem: Problem): void;
}

/** Called once with the header and an upper bound on the number of data rows. */
export type HeaderHandler = (header: string[], maxRows: number) => RowHandler;

export interface TableInfo {
  file: string;
  format: TableFormat;
  header: string[];
  /** Data rows seen (blank lines not counted). */
  rows: number;
  /** SHA-256 of the file's bytes, recorded as the provenance of what it adds. */
  sha256: string;
}

const OTHER_DELIMITERS = [',', ';', '\t', '|'];

function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : `'${d}'`;
}

/** Reads raw bytes as UTF-8 text: strips a UTF-8 byte-order mark, refuses UTF-16 and binary. */
export function decodeText(bytes: Buffer, file: string): string {
  if (bytes.length === 0) throw new SextantError('FILE_EMPTY', `${file}: the file is empty`, { file });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new SextantError('FILE_ENCODING', `${file}: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8`, { file, row: 1 });
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) throw new SextantError('FILE_ENCODING', `${file}: the file contains NUL bytes; expected UTF-8 text (is it binary or UTF-16?)`, { file });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SextantError('FILE_ENCODING', `${file}: the file is not valid UTF-8 text`, { file });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new SextantError('FILE_EMPTY', `${file}: the file has only blank lines`, { file });
  return text;
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new SextantError('FILE_NOT_FOUND', `${file}: cannot read the file (${reason})`, { file });
  }
}

export function detectFormat(file: string, text: string): TableFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') {
    throw new SextantError('FILE_FORMAT_UNKNOWN', `${file}: plain JSON is not supported; write one JSON object per line (.jsonl)`, { file });
  }
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

/** An upper bound on the data rows: every one but the last ends in a newline, as does the header. */
function maxDataRows(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n - 1;
}

function checkDelimiter(file: string, header: string[], delimiter: string): void {
  if (header.length !== 1) return;
  const better = OTHER_DELIMITERS.find((d) => d !== delimiter && header[0].split(d).length >= 5);
  if (better) {
    throw new SextantError('CSV_WRONG_DELIMITER', `${file}: row 1 is not ${delimiterName(delimiter)}-separated but looks ${delimiterName(better)}-separated; pass --delimiter ${JSON.stringify(better)}`, {
      file,
      row: 1,
      expected: delimiter,
      found: better,
    });
  }
}

/**
 * Streams CSV rows to the handler without keeping them: holding a million rows of strings
 * costs more than parsing them. Rows are numbered by the file line they start on (the header
 * is row 1), also when a quoted field spans lines.
 */
function parseCsv(file: string, text: string, delimiter: string, onHeader: HeaderHandler): { header: string[]; rows: number } {
  let header: string[] | null = null;
  let handler: RowHandler | null = null;
  let rows = 0;
  // Without quotes every record is one line; with them, count the newlines each record spans.
  const multiline = text.includes('"');
  let line = 0;
  let lineAtCursor = 1;
  let cursor = 0;
  const maxRows = Math.max(1, maxDataRows(text));
  Papa.parse<string[]>(text, {
    delimiter,
    header: false,
    skipEmptyLines: false,
    step(result) {
      if (multiline) {
        line = lineAtCursor;
        for (let i = text.indexOf('\n', cursor); i !== -1 && i < result.meta.cursor; i = text.indexOf('\n', i + 1)) lineAtCursor++;
        cursor = result.meta.cursor;
      } else {
        line++;
      }
      const quoteError = result.errors.length > 0 ? result.errors.find((e) => e.type === 'Quotes') : undefined;
      if (quoteError) throw new SextantError('CSV_MALFORMED', `${file}: row ${line}: ${quoteError.message}`, { file, row: line });
      const fields = result.data;
      if (header === null) {
        header = fields.map((h) => h.trim());
        checkDelimiter(file, header, delimiter);
        handler = onHeader(header, maxRows);
        return;
      }
      if (fields.length === 1 && fields[0].trim() === '') return; // blank line
      rows++;
      handler!.row(fields, line);
    },
  });
  return { header: header ?? [], rows };
}

/**
 * JSON lines: one object per line; the header is every key seen, in order of appearance. A
 * line that is not a JSON object is a row problem (so --repair can drop a truncated last line).
 */
function parseJsonLines(file: string, text: string, onHeader: HeaderHandler): { header: string[]; rows: number } {
  const header: string[] = [];
  const seen = new Set<string>();
  const items: ({ row: number; value: Record<string, unknown> } | { row: number; problem: Problem })[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const row = i + 1;
    let value: unknown;
    let reason = 'a JSON object such as {"timestamp": ..., "open": ...}';
    try {
      value = JSON.parse(line);
    } catch (e) {
      reason = `valid JSON (${(e as Error).message})`;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      items.push({ row, problem: { code: 'JSON_INVALID', row, column: '*', value: line.slice(0, 60), expected: reason } });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (!seen.has(key)) {
        seen.add(key);
        header.push(key);
      }
    }
    items.push({ row, value: value as Record<string, unknown> });
  }
  const firstBad = items.find((it) => 'problem' in it);
  if (header.length === 0 && firstBad && 'problem' in firstBad) {
    const p = firstBad.problem;
    throw new SextantError('JSON_INVALID', `${file}: row ${p.row}: expected ${p.expected}`, { file, row: p.row, column: p.column, value: p.value });
  }
  const handler = onHeader(header, items.length);
  for (const it of items) {
    if ('problem' in it) handler.unreadable(it.problem);
    else handler.row(header.map((h) => (it.value[h] === undefined || it.value[h] === null ? '' : String(it.value[h]))), it.row);
  }
  return { header, rows: items.length };
}

/** Reads a CSV or JSON-lines file row by row. Refuses files with no data rows. */
export function readTable(file: string, opts: { delimiter?: string; format?: TableFormat }, onHeader: HeaderHandler): TableInfo {
  const bytes = readBytes(file);
  const text = decodeText(bytes, file);
  const format = opts.format ?? detectFormat(file, text);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { header, rows } = format === 'jsonl' ? parseJsonLines(file, text, onHeader) : parseCsv(file, text, opts.delimiter ?? ',', onHeader);
  if (rows === 0) {
    throw new SextantError('FILE_NO_ROWS', `${file}: the file has a header but no data rows`, { file, row: 2, header });
  }
  return { file, format, header, rows, sha256 };
}

/** The text fields of some rows of a file, by row number: for messages about rows judged late. */
export function readRows(file: string, opts: { delimiter?: string; format?: TableFormat }, wanted: ReadonlySet<number>): Map<number, string[]> {
  const found = new Map<number, string[]>();
  const last = Math.max(...wanted);
  const done = new Error('done');
  try {
    readTable(file, opts, () => ({
      row(fields, row) {
        if (wanted.has(row)) found.set(row, fields);
        if (row >= last) throw done;
      },
      unreadable() {},
    }));
  } catch (e) {
    if (e !== done) throw e;
  }
  return found;
}
