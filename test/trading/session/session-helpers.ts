import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import type { JournalEvent, SessionRecord } from '../../../src/store/trading-store.js';
import { JournalBook } from '../../../src/trading/oms/journal-book.js';
import { BIN, ROOT, sextant } from '../../helpers/cli.js';
import { SAMPLE_DATA } from '../../helpers/real-bars.js';
import { tempDir } from '../../helpers/tmp.js';

/** End-to-end helpers for paper sessions: a temp store per test file, the real binary, the journal read straight from SQLite. */

export const GOOG_CSV = join(SAMPLE_DATA, 'GOOG_1d.csv');

/** Daily bars read from the CSV by hand (not through Sextant), keyed by date; a bar's close time is the next midnight UTC. */
export interface DailyBars {
  date: string[];
  open: number[];
  close: number[];
  /** Index of a date. */
  at: Map<string, number>;
}

export function readDailyCsv(file: string): DailyBars {
  const bars: DailyBars = { date: [], open: [], close: [], at: new Map() };
  for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
    const [date, open, , , close] = line.split(',');
    bars.at.set(date, bars.date.length);
    bars.date.push(date);
    bars.open.push(Number(open));
    bars.close.push(Number(close));
  }
  return bars;
}

/** The date of the daily bar whose close time is `iso` (a bar of date D closes at D + 1 day, 00:00 UTC). */
export function barDateOfClose(iso: string): string {
  return new Date(Date.parse(iso) - 86_400_000).toISOString().slice(0, 10);
}

/** Runs `sextant ARGS --db DB --json` and parses the output; the exit status is returned, not asserted. */
export function cliJson<T = any>(db: string, args: string[]): { status: number | null; json: T; stderr: string } {
  const r = sextant([...args, '--db', db, '--json']);
  try {
    return { status: r.status, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
  } catch {
    throw new Error(`sextant ${args.join(' ')}: not JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

/** Runs a command that must succeed and returns its JSON. */
export function ok<T = any>(db: string, args: string[]): T {
  const r = cliJson<T>(db, args);
  if (r.status !== 0) throw new Error(`sextant ${args.join(' ')} exited ${r.status}: ${JSON.stringify(r.json)}\n${r.stderr}`);
  return r.json;
}

/** A fresh store in a temp directory with GOOG daily ingested and the given risk limits set. */
export function goodStore(limits: string[] = ['maxDrawdownPct=off', 'dailyLossPct=off'], name = 'session.db'): string {
  const db = join(tempDir('sextant-session-'), name);
  ok(db, ['ingest', GOOG_CSV, '--symbol', 'GOOG', '--interval', '1d', '--asset-class', 'equity']);
  if (limits.length > 0) setLimits(db, limits);
  return db;
}

export function setLimits(db: string, limits: string[]): void {
  ok(db, ['controls', 'limits', ...limits.flatMap((l) => ['--set', l])]);
}

/** The run options shared by `paper` and `backtest` for sma-cross on GOOG (cheap baselines). */
export function smaArgs(fast: number, slow: number, extra: string[] = []): string[] {
  return ['--strategy', 'sma-cross', '--param', `fast=${fast}`, '--param', `slow=${slow}`, '--symbol', 'GOOG', '--interval', '1d', '--random-seeds', '5', ...extra];
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A `sextant` child process running in the background (a paced paper session). */
export interface Child {
  proc: ChildProcess;
  done: Promise<Exit>;
}

/** Children still running; a test file that spawns any calls `killChildrenAfterAll()` so a failed test leaves none behind. */
const running = new Set<ChildProcess>();

export function killChildrenAfterAll(): void {
  afterAll(async () => {
    const left = [...running];
    for (const proc of left) proc.kill('SIGKILL');
    await Promise.all(left.map((proc) => new Promise((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve(null) : proc.once('close', resolve)))));
  });
}

export function spawnSextant(db: string, args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, [BIN, ...args, '--db', db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  running.add(proc);
  proc.once('close', () => running.delete(proc));
  let stdout = '';
  let stderr = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Exit>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { proc, done };
}

/** The JSON a finished or stopped `paper --json` child printed. */
export function exitJson(exit: Exit): any {
  try {
    return JSON.parse(exit.stdout);
  } catch {
    throw new Error(`paper printed no JSON (exit ${exit.code}, signal ${exit.signal}):\n${exit.stdout}\n${exit.stderr}`);
  }
}

/** Reads a session straight from the store file (another process may be writing it: WAL allows that). */
export function readSession(db: string, session: string): { record: SessionRecord | null; events: JournalEvent[] } {
  const store = SqliteStore.open(db);
  try {
    const t = store.trading();
    return { record: t.getSession(session), events: t.journal(session) };
  } finally {
    void store.close();
  }
}

export { waitUntil } from '../../helpers/wait.js';

/** Events of a kind and order, as plain comparable records (the session name stripped from client order ids). */
export function orderEvents(events: readonly JournalEvent[], session: string) {
  return events
    .filter((e) => e.orderId !== null)
    .map((e) => ({ tick: e.tick, kind: e.kind, orderId: e.orderId!.replace(`${session}-`, ''), actor: e.actor, data: e.data }));
}

/** Asserts no order is created twice and no fill is journaled twice (same order, same bar time). */
export function expectNoDuplicates(events: readonly JournalEvent[]): void {
  const created = new Map<string, number>();
  const fills = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'order') created.set(e.orderId!, (created.get(e.orderId!) ?? 0) + 1);
    if (e.kind === 'fill') {
      const key = `${e.orderId}@${e.data.time}`;
      fills.set(key, (fills.get(key) ?? 0) + 1);
    }
  }
  expect([...created].filter(([, n]) => n > 1)).toEqual([]);
  expect([...fills].filter(([, n]) => n > 1)).toEqual([]);
}

/** Cash and positions folded from the journal by hand: every fill moves cash by −signed qty × price − fee. */
export function foldFills(events: readonly JournalEvent[], cash0: number): { cash: number; positions: Record<string, number> } {
  const sideOf = new Map<string, { symbol: string; sign: number }>();
  let cash = cash0;
  const positions: Record<string, number> = {};
  for (const e of events) {
    if (e.kind === 'order') sideOf.set(e.orderId!, { symbol: e.data.symbol as string, sign: e.data.side === 'buy' ? 1 : -1 });
    if (e.kind === 'fill') {
      const o = sideOf.get(e.orderId!)!;
      const qty = e.data.qty as number;
      cash -= o.sign * qty * (e.data.price as number) + (e.data.fee as number);
      positions[o.symbol] = (positions[o.symbol] ?? 0) + o.sign * qty;
    }
    if (e.kind === 'carry') cash -= e.data.fee as number;
  }
  for (const s of Object.keys(positions)) if (Math.abs(positions[s]) < 1e-9) delete positions[s];
  return { cash, positions };
}

/** Sends a signal to a child this test started (by its pid, never by name). */
export function signal(child: Child, sig: NodeJS.Signals): void {
  if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill(sig);
}

/** A small seeded generator (mulberry32) for kill schedules. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The orders of a session waiting for approval now, as its journal says. */
export function pendingOrders(db: string, session: string): string[] {
  const { events } = readSession(db, session);
  const waiting = new Map<string, boolean>();
  for (const e of events) {
    if (e.kind !== 'state') continue;
    waiting.set(e.orderId!, e.data.to === 'pending-approval');
  }
  return [...waiting].filter(([, w]) => w).map(([id]) => id);
}

/** Waits until the child has an order waiting for approval (its id) or has exited (null). */
export async function nextPending(db: string, session: string, child: Child, seen: ReadonlySet<string>): Promise<string | null> {
  let exited = false;
  void child.done.then(() => (exited = true));
  for (;;) {
    const id = pendingOrders(db, session).find((x) => !seen.has(x));
    if (id !== undefined) return id;
    if (exited) return null;
    await sleep(40);
  }
}

/** The session's orders as its journal tells them (through the OMS book). */
export function bookOf(db: string, session: string): JournalBook {
  return new JournalBook(readSession(db, session).events);
}

/** The close of the last bar the session has seen (from the CSV, by the session's cursor). */
export function lastClose(db: string, session: string, bars: DailyBars): number {
  const t = readSession(db, session).record?.cursorTime;
  if (t === null || t === undefined) throw new Error(`session ${session} has seen no bar yet`);
  return bars.close[bars.at.get(barDateOfClose(new Date(t).toISOString()))!];
}
