import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sextant, sextantJson } from './helpers/cli.js';
import { tempDir, writeText } from './helpers/tmp.js';

const dir = tempDir();
const GOOG = join(ROOT, 'examples/data/GOOG_1d.csv');
const FESX = join(ROOT, 'examples/data/FESX_1m.csv');

describe('sextant CLI (the real binary)', () => {
  it('has --help for itself and every command, and --version', () => {
    const top = sextant(['--help']);
    expect(top.status).toBe(0);
    for (const c of ['ingest', 'ingest-series', 'resample', 'data', 'features', 'synth', 'audit', 'demo']) expect(top.stdout).toContain(c);
    for (const args of [['ingest'], ['ingest-series'], ['resample'], ['data', 'list'], ['data', 'show'], ['features', 'list'], ['features', 'docs'], ['features', 'compute'], ['synth'], ['audit'], ['demo']]) {
      const r = sextant([...args, '--help']);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('--json');
    }
    expect(sextant(['ingest', '--help']).stdout).toContain('--repair');
    expect(sextant(['--version']).stdout.trim()).toBe('0.1.0');
  });

  it('exits 2 on bad usage, with the USAGE code under --json', () => {
    expect(sextant(['ingest', GOOG, '--interval', '1d']).status).toBe(2); // no --symbol
    const r = sextantJson<{ error: { code: string } }>(['data', 'list', '--no-such-option']);
    expect(r.status).toBe(2);
    expect(r.json.error.code).toBe('USAGE');
    const iv = sextantJson<{ error: { code: string } }>(['ingest', GOOG, '--symbol', 'GOOG', '--interval', '7x', '--db', join(dir, 'u.db')]);
    expect(iv.status).toBe(2);
    expect(iv.json.error.code).toBe('INTERVAL_UNKNOWN');
    expect(existsSync(join(dir, 'u.db'))).toBe(false);
  });

  it('ingests, lists, shows and re-ingests idempotently', () => {
    const db = join(dir, 'e2e.db');
    const first = sextantJson<{ outcome: string; rowsAdded: number; first: string; last: string }>(['ingest', GOOG, '--symbol', 'GOOG', '--interval', '1d', '--db', db]);
    expect(first.status).toBe(0);
    expect(first.json).toMatchObject({ outcome: 'created', rowsAdded: 2148, first: '2004-08-19', last: '2013-03-01' });

    const again = sextant(['ingest', GOOG, '--symbol', 'GOOG', '--interval', '1d', '--db', db]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('unchanged');
    expect(again.stdout).toContain('nothing was written');

    const list = sextantJson<unknown[]>(['data', 'list', '--db', db]);
    expect(list.json).toEqual([{ symbol: 'GOOG', interval: '1d', assetClass: 'equity', rows: 2148, first: '2004-08-19', last: '2013-03-01', gaps: 77 }]);
    const table = sextant(['data', 'list', '--db', db]).stdout;
    expect(table).toMatch(/GOOG\s+1d\s+equity\s+2148\s+2004-08-19\s+2013-03-01\s+77/);

    // GOOG.csv: 2004-08-19,100,104.06,95.96,100.34,22351900 and the next row
    const show = sextantJson<Record<string, unknown>[]>(['data', 'show', '--symbol', 'GOOG', '--interval', '1d', '--to', '2004-08-20', '--db', db]);
    expect(show.json).toEqual([
      { time: '2004-08-19', open: 100, high: 104.06, low: 95.96, close: 100.34, volume: 22351900 },
      { time: '2004-08-20', open: 101.01, high: 109.08, low: 100.5, close: 108.31, volume: 11428600 },
    ]);
    const limited = sextantJson<unknown[]>(['data', 'show', '--symbol', 'GOOG', '--interval', '1d', '--from', '2013-02-01', '--limit', '3', '--db', db]);
    expect(limited.json).toHaveLength(3);
    expect(sextantJson<{ error: { code: string } }>(['data', 'show', '--symbol', 'NOPE', '--interval', '1d', '--db', db]).json.error.code).toBe('SERIES_NOT_FOUND');
  });

  it('refuses a contradicting file, then overwrites it on request and shows that in the audit log', () => {
    const db = join(dir, 'audit.db');
    const orig = writeText(dir, 'orig.csv', 'date,open,high,low,close,volume\n2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1.5,2,1,1.8,12\n');
    const changed = writeText(dir, 'changed.csv', 'date,open,high,low,close,volume\n2020-01-03,1.5,2,1,1.9,12\n');
    expect(sextant(['ingest', orig, '--symbol', 'AUD', '--interval', '1d', '--db', db]).status).toBe(0);
    const refused = sextant(['ingest', changed, '--symbol', 'AUD', '--interval', '1d', '--db', db]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('STORE_CONFLICT');
    expect(refused.stderr).toContain('2020-01-03: stored O=1.5 H=2 L=1 C=1.8 V=12, new O=1.5 H=2 L=1 C=1.9 V=12');
    expect(sextant(['ingest', changed, '--symbol', 'AUD', '--interval', '1d', '--overwrite', '--db', db]).status).toBe(0);
    const log = sextantJson<{ action: string; subject: string; details: { changed: number } }[]>(['audit', '--db', db]).json;
    expect(log.map((e) => e.action)).toEqual(['bars.overwrite', 'bars.write']);
    expect(log[0]).toMatchObject({ subject: 'AUD/1d', details: { changed: 1 } });
    expect(sextant(['audit', '--limit', '0', '--db', db]).status).toBe(2);
  });

  it('resamples 1m to 5m into a new series', () => {
    const db = join(dir, 'resample.db');
    expect(sextant(['ingest', FESX, '--symbol', 'FESX', '--interval', '1m', '--asset-class', 'future', '--stamp', 'close', '--db', db]).status).toBe(0);
    const r = sextantJson<{ rows: number; first: string; last: string; outcome: string }>(['resample', '--symbol', 'FESX', '--from', '1m', '--to', '5m', '--db', db]);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ first: '2006-01-02T09:05:00.000Z', last: '2006-02-27T22:00:00.000Z', outcome: 'created' });
    const list = sextantJson<{ interval: string; rows: number }[]>(['data', 'list', '--db', db]).json;
    expect(list.map((s) => s.interval)).toEqual(['1m', '5m']);
    expect(list[1].rows).toBe(r.json.rows);
    // 09:01 … 09:05 of the file, aggregated by hand: O=3578 H=max L=min C=last V=sum
    const lines = readFileSync(FESX, 'utf8').split('\n').slice(1, 6).map((l) => l.split(','));
    const [bar] = sextantJson<Record<string, number>[]>(['data', 'show', '--symbol', 'FESX', '--interval', '5m', '--limit', '1', '--db', db]).json;
    expect(bar).toMatchObject({
      open: Number(lines[0][1]),
      high: Math.max(...lines.map((l) => Number(l[2]))),
      low: Math.min(...lines.map((l) => Number(l[3]))),
      close: Number(lines[4][4]),
      volume: lines.reduce((a, l) => a + Number(l[5]), 0),
    });
    expect(sextant(['resample', '--symbol', 'FESX', '--from', '5m', '--to', '1m', '--db', db]).status).toBe(2);
  });

  it('synth is byte-identical for a seed and different across seeds', () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const c = join(dir, 'c.csv');
    for (const [file, seed] of [[a, '7'], [b, '7'], [c, '8']]) expect(sextant(['synth', '--symbol', 'SYN', '--bars', '500', '--seed', seed, '--out', file]).status).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(a).equals(readFileSync(c))).toBe(false);
    // what synth writes, ingest accepts
    const db = join(dir, 'synth.db');
    const r = sextantJson<{ rowsAdded: number }>(['ingest', a, '--symbol', 'SYN', '--interval', '1d', '--db', db]);
    expect(r.json.rowsAdded).toBe(500);
    const stored = sextantJson<{ outcome: string }>(['synth', '--symbol', 'SYN', '--bars', '500', '--seed', '7', '--db', db]);
    expect(stored.json.outcome).toBe('unchanged');
  });

  it('uses SEXTANT_DB when --db is not given, and logs only to stderr', () => {
    const db = join(dir, 'env.db');
    const f = writeText(dir, 'tiny.csv', 'date,open,high,low,close,volume\n2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1.5,2,1,1.8,12\n');
    const r = sextant(['ingest', f, '--symbol', 'TINY', '--interval', '1d', '--json', '--log-level', 'debug'], { SEXTANT_DB: db });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).rowsAdded).toBe(2);
    expect(r.stderr).toContain('store open');
    expect(existsSync(db)).toBe(true);
  });

  it('demo ingests the samples once, computes the core feature set (cached the second time), backtests, writes a tear sheet and summarises', () => {
    const db = join(dir, 'demo.db');
    const report = join(dir, 'demo-report.html');
    type Demo = { series: { symbol: string; interval: string; rows: number }[]; steps: { step: string; outcome: string }[]; run_id: string; report: string };
    const first = sextantJson<Demo>(['demo', '--db', db, '--report', report]);
    expect(first.status).toBe(0);
    expect(first.json.series.map((s) => `${s.symbol}/${s.interval}/${s.rows}`)).toEqual(['BTCUSD/1mo/156', 'EURUSD/1h/5000', 'FESX/1m/30889', 'FESX/5m/6365', 'GOOG/1d/2148']);
    const step = (d: Demo, prefix: string) => d.steps.find((s) => s.step.startsWith(prefix))!.outcome;
    expect(step(first.json, 'features')).toMatch(/^30 features × 2148 bars, set [0-9a-f]{12}, cached in the store$/);
    expect(step(first.json, 'backtest')).toMatch(/^run [0-9a-f]{16}: 93 trades, return 462\.6 %/);
    expect(first.json.report).toBe(report);
    expect(readFileSync(report, 'utf8')).toContain('sma-cross(fast=10, slow=20) on GOOG 1d');
    const second = sextantJson<Demo>(['demo', '--db', db, '--report', report]);
    const ingests = second.json.steps.filter((s) => s.step.startsWith('ingest') || s.step.startsWith('resample'));
    expect(ingests.every((s) => s.outcome === 'already stored')).toBe(true);
    expect(step(second.json, 'features')).toMatch(/, 30 from the cache$/);
    expect(second.json.run_id).toBe(first.json.run_id);
  });
});
