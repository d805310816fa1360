import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import Papa from 'papaparse';
import { SextantError } from '../core/errors.js';

export type TableFormat = 'csv' | 'jsonl';

/** A file's rows as text fields, before any interpretation. */
export interface Table {
  file: string;
  format: TableFormat;
  header: string[];
  rows: string[][];
  /** 1-based line number in the file of rows[i] (the header is line 1). */
  lines: Int32Array;
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

function parseCsv(file: string, text: string, delimiter: string, sha256: string): Table {
  const parsed = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const row = (quoteError.row ?? 0) + 1;
    throw new SextantError('CSV_MALFORMED', `${file}: row ${row}: ${quoteError.message}`, { file, row });
  }
  const data = parsed.data;
  const header = data[0].map((h) => h.trim());
  if (header.length === 1) {
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
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = 1; i < data.length; i++) {
    const r = data[i];
    if (r.length === 1 && r[0].trim() === '') continue; // blank line
    rows.push(r);
    lines.push(i + 1);
  }
  return { file, format: 'csv', header, rows, lines: Int32Array.from(lines), sha256 };
}

function parseJsonLines(file: string, text: string, sha256: string): Table {
  const header: string[] = [];
  const seen = new Map<string, number>();
  const objects: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const textLines = text.split(/\r?\n/);
  for (let i = 0; i < textLines.length; i++) {
    const line = textLines[i].trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new SextantError('JSON_INVALID', `${file}: row ${i + 1}: not valid JSON (${(e as Error).message})`, { file, row: i + 1, value: line.slice(0, 80) });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new SextantError('JSON_INVALID', `${file}: row ${i + 1}: expected a JSON object such as {"timestamp": ..., "open": ...}`, { file, row: i + 1, value: line.slice(0, 80) });
    }
    for (const key of Object.keys(value)) {
      if (!seen.has(key)) {
        seen.set(key, header.length);
        header.push(key);
      }
    }
    objects.push(value as Record<string, unknown>);
    lines.push(i + 1);
  }
  const rows = objects.map((o) => header.map((k) => (o[k] === undefined || o[k] === null ? '' : String(o[k]))));
  return { file, format: 'jsonl', header, rows, lines: Int32Array.from(lines), sha256 };
}

/** Reads a CSV or JSON-lines file into text rows. Refuses files with no data rows. */
export function readTable(file: string, opts: { delimiter?: string; format?: TableFormat } = {}): Table {
  const bytes = readBytes(file);
  const text = decodeText(bytes, file);
  const format = opts.format ?? detectFormat(file, text);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const table = format === 'jsonl' ? parseJsonLines(file, text, sha256) : parseCsv(file, text, opts.delimiter ?? ',', sha256);
  if (table.rows.length === 0) {
    throw new SextantError('FILE_NO_ROWS', `${file}: the file has a header but no data rows`, { file, row: 2, header: table.header });
  }
  return table;
}
