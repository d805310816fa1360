import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { sextant, sextantJson } from '../helpers/cli.js';
import { SAMPLE_DATA } from '../helpers/real-bars.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const db = join(dir, 'bt.db');
const base = ['--db', db, '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=20', '--symbol', 'GOOG', '--interval', '1d', '--commission', '0.002', '--random-seeds', '20'];

interface BacktestJson {
  run_id: string;
  metrics: Record<string, number | string | null>;
  trades: { symbol: string; side: string; qty: number; entry_time: string; entry_price: number; exit_time: string; exit_price: number; pnl: number; fees: number }[];
  equity: [string, number][];
  comparison: { sharpe_percentile_random: number; random_seeds: number; excess_return_pct: number; regret_pct: number };
  baselines: { name: string }[];
  open_positions: Record<string, number>;
}

beforeAll(() => {
  const r = sextant(['ingest', join(SAMPLE_DATA, 'GOOG_1d.csv'), '--symbol', 'GOOG', '--interval', '1d', '--db', db]);
  expect(r.status).toBe(0);
});

describe('sextant backtest', () => {
  test('--json has run_id, snake_case metrics, trades and the equity curve; the classic example', () => {
    const { status, json } = sextantJson<BacktestJson>(['backtest', ...base]);
    expect(status).toBe(0);
    expect(json.run_id).toMatch(/^[0-9a-f]{16}$/);
    for (const k of ['total_return_pct', 'sharpe', 'max_drawdown_pct', 'num_trades', 'win_rate_pct', 'final_equity', 'sortino', 'calmar', 'cagr_pct', 'var_95_pct', 'cvar_95_pct', 'alpha_pct', 'beta']) expect(json.metrics).toHaveProperty(k);
    expect(json.metrics.num_trades).toBe(93);
    expect(json.metrics.final_equity).toBeCloseTo(56263.51934, 5);
    expect(json.trades[0]).toEqual({ symbol: 'GOOG', side: 'short', qty: 59, entry_time: '2004-11-17', entry_price: 169.02, exit_time: '2004-12-06', exit_price: expect.closeTo(179.13, 9), pnl: expect.closeTo(-637.5717, 9), fees: expect.closeTo(41.0817, 9), return_pct: expect.closeTo(-6.393503727369543, 9) });
    expect(json.equity).toHaveLength(2148);
    expect(json.equity[0]).toEqual(['2004-08-19', 10000]);
    expect(json.open_positions).toEqual({ GOOG: 69 });
    expect(json.comparison.random_seeds).toBe(20);
    expect(json.baselines.map((b) => b.name).slice(0, 2)).toEqual(['hold-cash', 'buy-and-hold']);
  });

  test('same inputs and seed: byte-identical output and the same run id', () => {
    const a = sextant(['backtest', ...base, '--json']);
    const b = sextant(['backtest', ...base, '--json']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  test('--close-at-end makes the open position the 94th trade (backtesting.py finalize_trades closes at the last open; Sextant at the last close)', () => {
    const { json } = sextantJson<BacktestJson>(['backtest', ...base, '--close-at-end']);
    expect(json.metrics.num_trades).toBe(94);
    expect(json.open_positions).toEqual({});
    expect(json.trades[93].exit_price).toBe(806.19);
  });

  test('the run is recorded with its lineage, and runs list/show find it', async () => {
    const { json } = sextantJson<BacktestJson>(['backtest', ...base, '--from', '2006-01-01', '--to', '2010-12-31']);
    const store = SqliteStore.open(db);
    const run = await store.getRun(json.run_id);
    await store.close();
    expect(run).not.toBeNull();
    expect(run!.trades).toHaveLength(json.trades.length);
    expect(run!.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run!.featureSetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run!.codeVersion).toMatch(/^0\.1\.0\+/);
    expect(Array.from(run!.series.equity)).toEqual(json.equity.map(([, e]) => e));
    expect(json.equity[0][0]).toBe('2006-01-03');
    const list = sextantJson<{ run_id: string }[]>(['runs', 'list', '--db', db]).json;
    expect(list.map((r) => r.run_id)).toContain(json.run_id);
    const show = sextantJson<{ run_id: string; metrics: Record<string, unknown> }>(['runs', 'show', json.run_id, '--db', db]).json;
    expect(show.metrics.num_trades).toBe(json.metrics.num_trades);
  });

  test('bad input: clear messages, stable codes, non-zero exits', () => {
    const cases: [string[], string, number][] = [
      [['backtest', ...base.map((x) => (x === 'sma-cross' ? 'nope' : x))], 'STRATEGY_UNKNOWN', 2],
      [['backtest', ...base, '--param', 'speed=3'], 'STRATEGY_PARAM_INVALID', 2],
      [['backtest', ...base, '--param', 'fast=30'], 'STRATEGY_PARAM_INVALID', 2],
      [['backtest', ...base.map((x) => (x === 'GOOG' ? 'MSFT' : x))], 'SERIES_NOT_FOUND', 1],
      [['backtest', ...base, '--from', '2030-01-01'], 'BACKTEST_NO_BARS', 1],
      [['backtest', ...base, '--cash', '-5'], 'OPTION_INVALID', 2],
      [['backtest', ...base, '--sizing', 'everything'], 'OPTION_INVALID', 2],
      [['runs', 'show', 'nope', '--db', db], 'RUN_NOT_FOUND', 1],
    ];
    for (const [args, code, exit] of cases) {
      const r = sextantJson<{ error: { code: string; message: string } }>(args);
      expect(r.json.error.code, args.join(' ')).toBe(code);
      expect(r.status).toBe(exit);
    }
  });

  test('report writes a self-contained HTML tear sheet and Markdown from the recorded run', () => {
    const { json } = sextantJson<BacktestJson>(['backtest', ...base]);
    const html = join(dir, 'r.html');
    const md = join(dir, 'r.md');
    const r = sextantJson<{ html: string; markdown: string }>(['report', json.run_id, '--db', db, '--out', html, '--md', md]);
    expect(r.status).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('sma-cross(fast=10, slow=20) on GOOG 1d');
    expect(page).not.toMatch(/(src|href)\s*=\s*["']https?:/i);
    expect(page).toContain('echarts');
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('## Trades (93)');
    expect(text).toContain('| 1 | GOOG | short | 59 | 2004-11-17 | 169.02 | 2004-12-06 |');
    expect(sextantJson<{ error: { code: string } }>(['report', json.run_id, '--db', db]).json.error.code).toBe('OPTION_INVALID');
  });

  test('--help of every new command', () => {
    for (const c of [['backtest'], ['runs', 'list'], ['runs', 'show'], ['strategies'], ['report']]) {
      const r = sextant([...c, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('--json');
    }
  });
});
