import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ROOT, sextant, sextantJson } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { FakeAlpaca } from '../alpaca/fake-alpaca.js';

/** The real binary, asynchronously (the fake server lives in this process, so spawnSync would block it). */
function run(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env, SEXTANT_LOG_LEVEL: 'debug' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('sextant paper --broker alpaca: preflight and live confirmation against the fake Alpaca server', () => {
  let fake: FakeAlpaca;
  const db = join(tempDir(), 'live.db');
  const base = ['paper', '--db', db, '--strategy', 'sma-cross', '--symbol', 'GOOG', '--interval', '1d', '--broker', 'alpaca'];
  beforeAll(async () => {
    fake = await FakeAlpaca.start({ cash: 25_000 });
    expect(sextant(['ingest', join(ROOT, 'examples/data/GOOG_1d.csv'), '--symbol', 'GOOG', '--interval', '1d', '--asset-class', 'equity', '--db', db]).status).toBe(0);
  });
  afterAll(async () => fake.stop());

  test('--dry-run prints the account, clock, positions and risk limits, sends nothing, and never prints the keys', async () => {
    const r = await run([...base, '--dry-run', '--json'], fake.env());
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { dry_run: boolean; would_send: { symbol: string; side: string; qty: number }[]; preflight: { account: { cash: number; equity: number; status: string; buyingPower: number }; clock: { isOpen: boolean }; limits: { maxRiskPerOrderPct: number }; problems: string[] } };
    // What it would send: the backtest's last position, scaled from the backtest's equity to the account's, in whole shares.
    const bt = sextantJson<{ open_positions: Record<string, number>; metrics: { final_equity: number } }>(['backtest', '--db', db, '--strategy', 'sma-cross', '--symbol', 'GOOG', '--interval', '1d', '--random-seeds', '5']).json;
    const target = Math.trunc((bt.open_positions.GOOG * out.preflight.account.equity) / bt.metrics.final_equity);
    expect(target).not.toBe(0);
    expect(out.would_send).toEqual([expect.objectContaining({ symbol: 'GOOG', side: target > 0 ? 'buy' : 'sell', qty: Math.abs(target), type: 'market' })]);
    expect(out.dry_run).toBe(true);
    expect(out.preflight.account.cash).toBe(25_000);
    expect(out.preflight.account.status).toBe('ACTIVE');
    expect(out.preflight.clock.isOpen).toBe(true);
    expect(out.preflight.limits.maxRiskPerOrderPct).toBe(5);
    expect(out.preflight.problems).toEqual([]);
    expect(fake.requests.filter((q) => q.method === 'POST')).toEqual([]);
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain(fake.keyId);
      expect(text).not.toContain(fake.secretKey);
    }
  });

  test('--live without a terminal or --confirm-live is refused with LIVE_NOT_CONFIRMED (exit 2) after the preflight', async () => {
    const r = await run([...base, '--live', '--json'], fake.env());
    expect(r.status).toBe(2);
    const e = JSON.parse(r.stdout).error;
    expect(e.code).toBe('LIVE_NOT_CONFIRMED');
    expect(e.details.preflight.account.cash).toBe(25_000);
  });

  test('--live against the paper endpoint, or the live endpoint without --live, is refused before any request', async () => {
    const before = fake.requests.length;
    const paper = await run([...base, '--live', '--confirm-live', '--json'], { ...fake.env(), APCA_API_BASE_URL: 'https://paper-api.alpaca.markets' });
    expect(paper.status).toBe(2);
    expect(JSON.parse(paper.stdout).error.code).toBe('OPTION_INVALID');
    const live = await run([...base, '--json'], { ...fake.env(), APCA_API_BASE_URL: 'https://api.alpaca.markets' });
    expect(live.status).toBe(2);
    expect(JSON.parse(live.stdout).error.code).toBe('LIVE_NOT_CONFIRMED');
    expect(fake.requests.length).toBe(before);
  });

  test('missing keys name the variables', async () => {
    const r = await run([...base, '--dry-run', '--json'], { APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' });
    expect(r.status).toBe(1);
    const e = JSON.parse(r.stdout).error;
    expect(e.code).toBe('BROKER_CREDENTIALS_MISSING');
    expect(e.message).toContain('APCA_API_KEY_ID');
  });
});
