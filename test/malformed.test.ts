/**
 * Malformed input files: every fixture in test/fixtures/malformed/expected.json is rejected with
 * the right error code, at the right row and column, with a message a person can act on, and
 * without the store file changing by a single byte (checked through the real CLI binary).
 *
 * `npm test` runs `tsc` before vitest, so bin/sextant.js (which imports dist/) is up to date.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode, SextantError } from '../src/core/errors.js';
import { parseAssetClass } from '../src/core/instrument.js';
import { parseInterval } from '../src/core/interval.js';
import { TimeZone } from '../src/core/timezone.js';
import { type IngestOptions, applyIngest, prepareIngest } from '../src/data/ingest.js';
import type { Problem } from '../src/data/problems.js';
import { SqliteStore } from '../src/store/sqlite-store.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'malformed');
const BIN = join(ROOT, 'bin', 'sextant.js');
const GOOG = join(ROOT, 'examples', 'data', 'GOOG_1d.csv');
const GOOG_ROWS = 2148;

/** One line of expected.json. */
interface Expected {
  file: string;
  /** Extra CLI arguments (always at least --interval); --symbol, --db and --json are added. */
  args: string[];
  code: ErrorCode;
  exit: number;
  /** details.row / details.column; null where the problem has no such location. */
  row: number | null;
  column: string | null;
  /** details.value: the offending text as it is in the file (row-level problems only). */
  value?: string;
  /** Whether --repair can drop the offending row (row-level) or must still reject (file-level). */
  repairable: boolean;
  /** Whether the message names the file (not for usage errors such as an unknown interval). */
  namesFile: boolean;
  /** More text the message must contain. */
  mentions: string[];
  /** More details the error must have (toMatchObject). */
  details?: Record<string, unknown>;
  problem: string;
}

const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Expected[];
const fixture = (name: string): string => join(FIXTURES, name);

const KNOWN_FLAGS = new Set(['--interval', '--asset-class', '--timezone', '--stamp', '--delimiter', '--repair']);

/** The options the CLI would build from these arguments (parsing included: it can throw too). */
function ingestOptions(file: string, args: readonly string[], symbol = 'MAL'): IngestOptions {
  for (const a of args) if (a.startsWith('--') && !KNOWN_FLAGS.has(a)) throw new Error(`test helper: unsupported flag ${a}`);
  const flag = (name: string, fallback: string): string => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  return {
    file,
    symbol,
    interval: parseInterval(flag('--interval', '1d')),
    assetClass: parseAssetClass(flag('--asset-class', 'equity')),
    timezone: new TimeZone(flag('--timezone', 'UTC')),
    stamp: flag('--stamp', 'open') as 'open' | 'close',
    delimiter: flag('--delimiter', ','),
    repair: args.includes('--repair'),
  };
}

/** The SextantError `fn` throws; fails the test when it returns or throws anything else. */
function rejectionOf(fn: () => unknown): SextantError {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    if (e instanceof SextantError) return e;
    throw new Error(`expected a SextantError, got ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  throw new Error(`expected a SextantError, but the call returned ${JSON.stringify(result, (_k, v) => (ArrayBuffer.isView(v) ? `<${v.constructor.name}>` : v))?.slice(0, 300)}`);
}

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json: any;
}

function cli(args: string[]): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SEXTANT_LOG_LEVEL: 'warn' }, timeout: 30_000 });
  let json: unknown = undefined;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    // left undefined: the assertions below say what stdout was
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

interface DbSnapshot {
  sha256: string;
  wal: boolean;
  shm: boolean;
  files: string[];
}

function snapshot(db: string, dir: string): DbSnapshot {
  return {
    sha256: createHash('sha256').update(readFileSync(db)).digest('hex'),
    wal: existsSync(`${db}-wal`),
    shm: existsSync(`${db}-shm`),
    files: readdirSync(dir).sort(),
  };
}

let tmp = '';
let template = '';
let templateSnapshot: DbSnapshot;

/** A fresh copy of the template store (GOOG 1d already ingested) in its own directory. */
function freshStore(): { db: string; dir: string; before: DbSnapshot } {
  const dir = mkdtempSync(join(tmp, 'store-'));
  const db = join(dir, 'sextant.db');
  copyFileSync(template, db);
  return { db, dir, before: snapshot(db, dir) };
}

/** Runs `sextant ingest` on a file that must be rejected, and checks the store did not change. */
function expectCliRejects(file: string, args: string[], code: ErrorCode, exit = ERROR_CODES[code].exit): CliRun {
  const { db, dir, before } = freshStore();
  const run = cli(['ingest', file, '--symbol', 'MAL', ...args, '--db', db, '--json']);
  expect(run.status, `exit status; stderr: ${run.stderr}`).toBe(exit);
  expect(run.json, `stdout must be one JSON document, got: ${run.stdout.slice(0, 500)}`).toBeTypeOf('object');
  expect(run.json.error.code).toBe(code);
  expect(run.stderr).toContain(`error ${code}:`);
  const after = snapshot(db, dir);
  expect(after.sha256, 'the store file changed').toBe(before.sha256);
  expect(after.wal, 'a -wal file was left behind').toBe(false);
  expect(after.shm).toBe(before.shm);
  expect(after.files).toEqual(before.files);
  return run;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sextant-malformed-'));
  template = join(tmp, 'template.db');
  const store = SqliteStore.open(template);
  try {
    const report = await applyIngest(store, prepareIngest(ingestOptions(GOOG, ['--interval', '1d'], 'GOOG')));
    expect(report.rowsStored).toBe(GOOG_ROWS);
  } finally {
    await store.close();
  }
  templateSnapshot = snapshot(template, tmp);
  // Closing the last connection checkpoints the WAL and removes -wal and -shm.
  expect(templateSnapshot.wal).toBe(false);
  expect(templateSnapshot.shm).toBe(false);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('expected.json', () => {
  it('lists at least 24 CSV and 2 JSON-lines fixtures, each present, with a known code', () => {
    expect(EXPECTED.filter((x) => x.file.endsWith('.csv')).length).toBeGreaterThanOrEqual(24);
    expect(EXPECTED.filter((x) => x.file.endsWith('.jsonl')).length).toBeGreaterThanOrEqual(2);
    expect(new Set(EXPECTED.map((x) => x.file)).size).toBe(EXPECTED.length);
    for (const x of EXPECTED) {
      expect(existsSync(fixture(x.file)), x.file).toBe(true);
      expect(ERROR_CODES[x.code], x.code).toBeDefined();
      expect(x.exit).toBe(ERROR_CODES[x.code].exit);
      expect(x.args).toContain('--interval');
    }
  });

  it('covers every data-file error code', () => {
    const covered = new Set(EXPECTED.map((x) => x.code));
    const fileCodes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter(
      (c) => (c.startsWith('DATA_') || c.startsWith('CSV_') || c.startsWith('JSON_') || c.startsWith('FILE_')) && c !== 'FILE_NOT_FOUND' && c !== 'FILE_FORMAT_UNKNOWN',
    );
    expect(fileCodes.filter((c) => !covered.has(c))).toEqual([]);
  });

  it('the empty fixture is 0 bytes and the UTF-16 fixture starts with a UTF-16LE byte-order mark', () => {
    expect(readFileSync(fixture('empty.csv')).length).toBe(0);
    const bytes = readFileSync(fixture('utf16-bom.csv'));
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toMatch(/^timestamp,open,high,low,close,volume\r\n2004-08-19,/);
  });
});

describe.each(EXPECTED)('$file ($code)', (x) => {
  const path = fixture(x.file);

  it('prepareIngest throws the expected code, at the expected row and column', () => {
    const err = rejectionOf(() => prepareIngest(ingestOptions(path, x.args)));
    expect(err.code).toBe(x.code);
    expect(err.exitCode).toBe(x.exit);
    expect(err.details.row ?? null).toBe(x.row);
    expect(err.details.column ?? null).toBe(x.column);
    if (x.value !== undefined) expect(err.details.value).toBe(x.value);
    if (x.namesFile) expect(err.details.file).toBe(path);
    if (x.details) expect(err.details).toMatchObject(x.details);
    if (err.details.problems !== undefined) {
      // A row-level report: the first problem is the one the code and location come from.
      const problems = err.details.problems as Problem[];
      const counts = err.details.counts as Record<string, number>;
      expect(problems[0]).toMatchObject({ code: x.code, row: x.row, column: x.column });
      expect(counts[x.code]).toBeGreaterThanOrEqual(1);
      expect(err.details.total).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
      // Each fixture has one bad row (high < low necessarily breaks the open/close bounds too).
      expect(new Set(problems.map((p) => p.row))).toEqual(new Set([x.row]));
    }
  });

  it('the message names the file, the row and the column', () => {
    const err = rejectionOf(() => prepareIngest(ingestOptions(path, x.args)));
    if (x.namesFile) expect(err.message).toContain(path);
    if (x.row !== null && x.column !== null) expect(err.message).toContain(`row ${x.row}, column ${x.column}`);
    if (x.value !== undefined && x.column !== null) expect(err.message).toContain(`row ${x.row}, column ${x.column}, value '${x.value}'`);
    for (const m of x.mentions) expect(err.message).toContain(m);
  });

  if (x.repairable) {
    it('--repair drops the offending row and keeps the rest', () => {
      const prep = prepareIngest(ingestOptions(path, [...x.args, '--repair']));
      expect(prep.droppedRows).toBe(1);
      expect(prep.dropped[0]).toMatchObject({ code: x.code, row: x.row });
      expect(prep.dropped.every((p) => p.row === x.row)).toBe(true);
      expect(prep.bars.length).toBe(prep.rowsRead - 1);
    });
  } else {
    it('--repair still rejects it (a file-level problem)', () => {
      const err = rejectionOf(() => prepareIngest(ingestOptions(path, [...x.args, '--repair'])));
      expect(err.code).toBe(x.code);
    });
  }

  it('the CLI exits non-zero with the JSON error and leaves the store byte-for-byte unchanged', () => {
    const run = expectCliRejects(path, x.args, x.code, x.exit);
    const details = run.json.error.details as Record<string, unknown>;
    expect(details.row ?? null).toBe(x.row);
    expect(details.column ?? null).toBe(x.column);
    if (x.namesFile) expect(run.json.error.message).toContain(path);
  });
});

describe('the problem report', () => {
  /** 80 GOOG rows; rows 32..61 of the file (30 rows) are bad, alternating NaN close and negative volume. */
  function thirtyBadRows(): string {
    const lines = readFileSync(GOOG, 'utf8').trim().split('\n');
    const rows = lines.slice(1, 81).map((r, i) => {
      if (i < 30 || i >= 60) return r;
      const f = r.split(',');
      if (i % 2 === 0) f[4] = 'NaN';
      else f[5] = `-${f[5]}`;
      return f.join(',');
    });
    const file = join(tmp, 'thirty-bad-rows.csv');
    writeFileSync(file, `${[lines[0], ...rows].join('\n')}\n`);
    return file;
  }

  it('shows the first 20 problems and counts every kind', () => {
    const file = thirtyBadRows();
    const err = rejectionOf(() => prepareIngest(ingestOptions(file, ['--interval', '1d'])));
    const problems = err.details.problems as Problem[];
    expect(err.code).toBe('DATA_NAN');
    expect(err.details.row).toBe(32);
    expect(problems.length).toBe(20);
    expect(problems.map((p) => p.row)).toEqual(Array.from({ length: 20 }, (_, i) => 32 + i));
    expect(problems.map((p) => p.code)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'DATA_NAN' : 'DATA_NEGATIVE_VOLUME')));
    expect(err.details.counts).toEqual({ DATA_NAN: 15, DATA_NEGATIVE_VOLUME: 15 });
    expect(err.details.total).toBe(30);
    expect(err.message).toContain('30 problems (15 DATA_NAN, 15 DATA_NEGATIVE_VOLUME)');
    expect(err.message.match(/^ {2}row \d+, column /gm)?.length).toBe(20);
    expect(err.message).toContain('... and 10 more');
    expect(err.message).toContain('pass --repair');

    const run = expectCliRejects(file, ['--interval', '1d'], 'DATA_NAN');
    expect(run.json.error.details.problems).toHaveLength(20);
    expect(run.json.error.details.counts).toEqual({ DATA_NAN: 15, DATA_NEGATIVE_VOLUME: 15 });
    expect(run.json.error.details.total).toBe(30);
  });

  it('rows dropped every other day are not mistaken for another interval', () => {
    const file = fixture('repair/interleaved-bad-rows.csv');
    const err = rejectionOf(() => prepareIngest(ingestOptions(file, ['--interval', '1d'])));
    expect(err.code).toBe('DATA_NEGATIVE_VOLUME');
    expect(err.details.counts).toEqual({ DATA_NEGATIVE_VOLUME: 30 });
    expect(err.details.total).toBe(30);
    expect(err.message).toContain('pass --repair');
    const prep = prepareIngest(ingestOptions(file, ['--interval', '1d', '--repair']));
    expect(prep.droppedRows).toBe(30);
    expect(prep.bars.length).toBe(30);
  });

  it('--repair keeps every dropped row in its report, not only the first 20', () => {
    const prep = prepareIngest(ingestOptions(thirtyBadRows(), ['--interval', '1d', '--repair']));
    expect(prep.droppedRows).toBe(30);
    expect(prep.dropped.map((p) => p.row)).toEqual(Array.from({ length: 30 }, (_, i) => 32 + i));
    expect(prep.bars.length).toBe(50);
  });
});

describe('--repair through the CLI', () => {
  const THREE_BAD = fixture('repair/three-bad-rows.csv');
  const DROPPED = [
    { row: 4, code: 'DATA_NAN', column: 'close' },
    { row: 9, code: 'DATA_NEGATIVE_VOLUME', column: 'volume' },
    { row: 13, code: 'DATA_HIGH_BELOW_OPEN_CLOSE', column: 'high' },
  ];

  it('without --repair, the file with 3 bad rows is rejected and nothing is written', () => {
    const run = expectCliRejects(THREE_BAD, ['--interval', '1d'], 'DATA_NAN');
    expect(run.json.error.details.total).toBe(3);
    expect(run.json.error.details.problems).toMatchObject(DROPPED);
  });

  it('drops the 3 bad rows, stores the 12 good ones and reports each dropped row', async () => {
    const { db } = freshStore();
    const run = cli(['ingest', THREE_BAD, '--symbol', 'REP', '--interval', '1d', '--repair', '--db', db, '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ symbol: 'REP', interval: '1d', outcome: 'created', rowsRead: 15, rowsAdded: 12, rowsDropped: 3, rowsStored: 12 });
    expect(run.json.dropped).toMatchObject(DROPPED);
    expect(run.json.dropped).toHaveLength(3);
    expect(existsSync(`${db}-wal`)).toBe(false);

    const store = SqliteStore.open(db);
    try {
      expect((await store.getSeries('REP', '1d'))?.rows).toBe(12);
      expect((await store.getSeries('GOOG', '1d'))?.rows).toBe(GOOG_ROWS);
      const bars = await store.loadBars('REP', '1d');
      expect(bars?.length).toBe(12);
      expect(Array.from(bars!.close).every((c) => Number.isFinite(c) && c > 0)).toBe(true);
      expect(Array.from(bars!.volume).every((v) => v >= 0)).toBe(true);
      for (let i = 0; i < bars!.length; i++) expect(bars!.high[i]).toBeGreaterThanOrEqual(Math.max(bars!.open[i], bars!.close[i]));
    } finally {
      await store.close();
    }
  });

  it('still rejects a missing column', () => {
    expectCliRejects(fixture('missing-low-column.csv'), ['--interval', '1d', '--repair'], 'CSV_MISSING_COLUMN');
  });

  it('still rejects an interval mismatch', () => {
    const run = expectCliRejects(fixture('weekly-as-daily.csv'), ['--interval', '1d', '--repair'], 'DATA_INTERVAL_MISMATCH');
    expect(run.json.error.message).not.toContain('pass --repair');
  });
});

/** Edge cases found in review; each failed before its fix. */
describe('edge cases', () => {
  const edge = (name: string): string => fixture(join('edge-cases', name));

  // Number('0x0') === parseFloat('0x0') === 0: comparing the two cannot catch a hex zero.
  it('a hexadecimal zero (0x0) is not numeric, like 0x10', () => {
    const err = rejectionOf(() => prepareIngest(ingestOptions(edge('hex-zero-volume.csv'), ['--interval', '1d'])));
    expect(err.code).toBe('DATA_NOT_NUMERIC');
  });

  // A quoted field spanning two lines must not shift later row numbers (the negative volume is
  // on line 8, the 7th record).
  it('row numbers stay file line numbers after a multi-line quoted field', () => {
    const err = rejectionOf(() => prepareIngest(ingestOptions(edge('multiline-quoted-field.csv'), ['--interval', '1d'])));
    expect(err.code).toBe('DATA_NEGATIVE_VOLUME');
    expect(err.details.row).toBe(8);
  });

  // 25 negative volumes (rows 17..41) plus a wrong spacing: the counts cover all 26, not only
  // the 20 problems shown.
  it('counts stay complete when more than 20 row problems come with an interval mismatch', () => {
    const err = rejectionOf(() => prepareIngest(ingestOptions(edge('many-bad-rows-and-interval-mismatch.csv'), ['--interval', '1h'])));
    expect(err.details.counts).toEqual({ DATA_NEGATIVE_VOLUME: 25, DATA_INTERVAL_MISMATCH: 1 });
    expect(err.details.total).toBe(26);
  });

  // With --repair the NaN row (row 5) could be dropped; the file is rejected for its spacing
  // (row 3), so that is the code it gets.
  it('--repair on a file with a NaN row and the wrong interval rejects it as DATA_INTERVAL_MISMATCH', () => {
    const err = rejectionOf(() => prepareIngest(ingestOptions(edge('repair-nan-and-interval-mismatch.csv'), ['--interval', '1h', '--repair'])));
    expect(err.code).toBe('DATA_INTERVAL_MISMATCH');
  });

  // The report quotes the file's text ('2004-08-20'), not Sextant's close time for it.
  it('an interval mismatch reports the timestamp text that is in the file', () => {
    const err = rejectionOf(() => prepareIngest(ingestOptions(fixture('daily-as-hourly.csv'), ['--interval', '1h'])));
    expect(err.details.row).toBe(3);
    expect(err.details.value).toBe('2004-08-20');
  });
});
