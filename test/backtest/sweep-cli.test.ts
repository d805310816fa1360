/**
 * `sextant sweep` and `sextant walkforward` through the real binary: the --json shapes, the
 * human output, identical results for any --workers, and errors with their codes.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sextant, sextantJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('sextant-sweep-cli-');
const db = join(dir, 'cli.db');
const base = ['--strategy', 'sma-cross', '--symbol', 'GOOG', '--interval', '1d', '--db', db];

interface ErrorJson {
  error: { code: string; message: string; details: Record<string, unknown> };
}

interface SweepJson {
  run_id: string;
  trials: number;
  skipped: number;
  objective: string;
  best: { params: Record<string, number>; metrics: Record<string, number> };
  overfitting: Record<string, number>;
  results: Record<string, unknown>[];
}

beforeAll(() => {
  const r = sextant(['ingest', join(ROOT, 'examples/data/GOOG_1d.csv'), '--symbol', 'GOOG', '--interval', '1d', '--db', db]);
  expect(r.status, r.stderr).toBe(0);
});

describe('sextant sweep', () => {
  it('prints the --json shape, the same for any number of workers', () => {
    const args = ['sweep', ...base, '--param', 'fast=5,10,20', '--param', 'slow=10:40:10'];
    const two = sextantJson<SweepJson>([...args, '--workers', '2']);
    expect(two.status, two.stderr).toBe(0);
    const j = two.json;
    expect(j.run_id).toMatch(/^[0-9a-f]{16}$/);
    // fast < slow: 5 with 10…40, 10 with 20…40, 20 with 30 and 40; (10,10) (20,10) (20,20) skipped
    expect([j.trials, j.skipped, j.objective]).toEqual([9, 3, 'sharpe']);
    expect(j.results).toHaveLength(9);
    for (const r of j.results) expect(Object.keys(r)).toEqual(['params', 'objective', 'sharpe', 'total_return_pct', 'max_drawdown_pct', 'num_trades']);
    const objectives = j.results.map((r) => r.objective as number);
    expect(objectives).toEqual([...objectives].sort((a, b) => b - a));
    expect(j.results[0].params).toEqual(j.best.params);
    expect(j.best.metrics.sharpe).toBe(objectives[0]);
    expect(j.overfitting).toMatchObject({ trials: 9, pbo_combinations: 12870 });
    for (const k of ['deflated_sharpe', 'pbo', 'probability_of_loss']) {
      expect(j.overfitting[k]).toBeGreaterThanOrEqual(0);
      expect(j.overfitting[k]).toBeLessThanOrEqual(1);
    }
    expect(j.overfitting.expected_max_sharpe).toBeGreaterThan(0);

    const one = sextantJson<SweepJson>([...args, '--workers', '1']);
    expect(one.json).toEqual(j);
  });

  it('prints the top K and the overfitting block for people', () => {
    const r = sextant(['sweep', ...base, '--param', 'fast=5:25:5', '--param', 'slow=30,60', '--top', '3']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const header = lines.findIndex((l) => /^rank\s+fast\s+slow\s+Sharpe/.test(l));
    expect(header).toBeGreaterThan(0);
    expect(lines.slice(header + 2, header + 6).map((l) => l.trim().split(/\s+/)[0])).toEqual(['1', '2', '3', '']);
    expect(r.stdout).toContain('overfitting (N = 10 trials)');
    expect(r.stdout).toMatch(/PBO \d\.\d\d: the in-sample best/);
  });

  it('random search: --trials draws, reproducible with --seed', () => {
    const args = ['sweep', ...base, '--param', 'fast=2:30:1', '--param', 'slow=20:80:5', '--search', 'random', '--trials', '5', '--seed', '9'];
    const a = sextantJson<SweepJson>(args);
    expect(a.status, a.stderr).toBe(0);
    expect(a.json.trials).toBe(5);
    expect(sextantJson<SweepJson>(args).json.results).toEqual(a.json.results);
  });

  it('refuses bad options with their codes', () => {
    const cases: [string[], string, string][] = [
      [['--param', 'fast=50:5:5'], 'OPTION_INVALID', 'fast'],
      [['--param', 'fats=5'], 'STRATEGY_PARAM_INVALID', 'fats'],
      [['--param', 'fast=5', '--objective', 'start'], 'OPTION_INVALID', '--objective'],
      [['--param', 'fast=5', '--trials', '3'], 'OPTION_INVALID', '--trials'],
      [['--param', 'fast=5', '--search', 'random'], 'OPTION_INVALID', '--trials'],
      [['--param', 'fast=5', '--workers', '0'], 'OPTION_INVALID', '--workers'],
    ];
    for (const [extra, code, named] of cases) {
      const r = sextantJson<ErrorJson>(['sweep', ...base, ...extra]);
      expect(r.status, extra.join(' ')).toBe(2);
      expect(r.json.error.code).toBe(code);
      expect(r.json.error.message).toContain(named);
    }
    expect(sextant(['sweep', '--help']).stdout).toContain('--param');
  });
});

describe('sextant walkforward', () => {
  it('prints the --json shape', () => {
    const r = sextantJson<{
      run_id: string;
      trials: number;
      is_bars: number;
      oos_bars: number;
      anchored: boolean;
      folds: Record<string, unknown>[];
      metrics: Record<string, number>;
      efficiency: { mean: number; folds: number };
      stability: Record<string, { values: number[]; most_common: number; most_common_share: number; cv: number }>;
    }>(['walkforward', ...base, '--param', 'fast=5,10', '--param', 'slow=30,50', '--is', '500', '--oos', '400']);
    expect(r.status, r.stderr).toBe(0);
    const j = r.json;
    expect(j.run_id).toMatch(/^[0-9a-f]{16}$/);
    expect([j.trials, j.is_bars, j.oos_bars, j.anchored]).toEqual([4, 500, 400, false]);
    // 2148 bars: OOS from bars 500, 900, 1300, 1700 and 2100 (48 bars)
    expect(j.folds.map((f) => [f.is_bars, f.oos_bars])).toEqual([
      [500, 400],
      [500, 400],
      [500, 400],
      [500, 400],
      [500, 48],
    ]);
    expect(Object.keys(j.folds[0])).toEqual([
      'fold',
      'is_start',
      'is_end',
      'oos_start',
      'oos_end',
      'is_bars',
      'oos_bars',
      'params',
      'is_objective',
      'is_cagr_pct',
      'is_deflated_sharpe',
      'is_pbo',
      'start_cash',
      'oos',
      'efficiency',
    ]);
    expect(j.folds[0]).toMatchObject({ fold: 1, is_start: '2004-08-19', start_cash: 10000 });
    expect(j.folds[1].start_cash).toBe((j.folds[0].oos as { final_equity: number }).final_equity);
    expect(j.metrics.bars).toBe(2148 - 500);
    expect(j.stability.fast.values).toHaveLength(5);
    expect(j.efficiency.folds).toBeLessThanOrEqual(5);
  });

  it('refuses windows that do not fit, naming --is', () => {
    const r = sextantJson<ErrorJson>(['walkforward', ...base, '--param', 'fast=5,10', '--is', '3000']);
    expect(r.status).toBe(2);
    expect(r.json.error.code).toBe('OPTION_INVALID');
    expect(r.json.error.message).toContain('--is');
    const human = sextant(['walkforward', ...base, '--param', 'fast=5,10', '--param', 'slow=30', '--is', '1000', '--oos', '500', '--anchored']);
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toContain('anchored in-sample of 1000 bars');
    expect(human.stdout).toContain('walk-forward efficiency');
  });
});
