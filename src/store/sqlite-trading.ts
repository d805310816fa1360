import type Database from 'better-sqlite3';
import { SextantError } from '../core/errors.js';
import type { AuditEntry } from './store.js';
import type { JournalEntry, JournalEvent, SessionRecord, SessionStatus, TradingControls, TradingMode, TradingStore } from './trading-store.js';

interface SessionRow {
  name: string;
  mode: TradingMode;
  config_json: string;
  status: SessionStatus;
  owner_pid: number | null;
  heartbeat_at: number | null;
  cursor_tick: number;
  cursor_time: number | null;
  created_at: number;
  updated_at: number;
}

function session(r: SessionRow): SessionRecord {
  return {
    name: r.name,
    mode: r.mode,
    config: JSON.parse(r.config_json),
    status: r.status,
    ownerPid: r.owner_pid,
    heartbeatAt: r.heartbeat_at,
    cursorTick: r.cursor_tick,
    cursorTime: r.cursor_time,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

interface JournalRow {
  session: string;
  seq: number;
  at: number;
  tick: number;
  kind: string;
  order_id: string | null;
  actor: string;
  data_json: string;
}

function journalEvent(r: JournalRow): JournalEvent {
  return { session: r.session, seq: r.seq, at: r.at, tick: r.tick, kind: r.kind, orderId: r.order_id, actor: r.actor, data: JSON.parse(r.data_json) };
}

interface ControlsRow {
  state: TradingControls['state'];
  kill_global: number;
  kill_strategies_json: string;
  flatten: number;
  limits_json: string | null;
  disabled_strategies_json: string;
  approval_strategies_json: string;
  version: number;
  updated_at: number;
}

const DEFAULT_CONTROLS: ControlsRow = { state: 'ACTIVE', kill_global: 0, kill_strategies_json: '[]', flatten: 0, limits_json: null, disabled_strategies_json: '[]', approval_strategies_json: '[]', version: 0, updated_at: 0 };

/** Sessions, journal and controls on the SQLite store; statements prepared once. */
export class SqliteTradingStore implements TradingStore {
  private readonly insertEvent;
  private readonly maxSeq;
  private readonly beat;
  private readonly version;
  private readonly newCommands;

  constructor(
    private readonly db: Database.Database,
    private readonly insertAudit: (entry: AuditEntry, at: number) => number,
  ) {
    this.insertEvent = db.prepare('INSERT INTO trading_journal (session, seq, at, tick, kind, order_id, actor, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.maxSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM trading_journal WHERE session = ?').pluck();
    this.beat = db.prepare('UPDATE trading_sessions SET heartbeat_at = ?, cursor_tick = ?, cursor_time = ?, updated_at = ? WHERE name = ?');
    this.version = db.prepare('SELECT version FROM trading_controls WHERE id = 1').pluck();
    this.newCommands = db.prepare("SELECT * FROM trading_journal WHERE session = ? AND seq > ? AND seq <= ? AND kind = 'command' ORDER BY seq");
  }

  getSession(name: string): SessionRecord | null {
    const r = this.db.prepare('SELECT * FROM trading_sessions WHERE name = ?').get(name) as SessionRow | undefined;
    return r ? session(r) : null;
  }

  listSessions(): SessionRecord[] {
    return (this.db.prepare('SELECT * FROM trading_sessions ORDER BY created_at DESC, name').all() as SessionRow[]).map(session);
  }

  claimSession(name: string, mode: TradingMode, config: Record<string, unknown>, pid: number, isAlive: (pid: number) => boolean) {
    return this.db
      .transaction(() => {
        const now = Date.now();
        const existing = this.getSession(name);
        if (existing === null) {
          this.db
            .prepare("INSERT INTO trading_sessions (name, mode, config_json, status, owner_pid, heartbeat_at, created_at, updated_at) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)")
            .run(name, mode, JSON.stringify(config), pid, now, now, now);
          return { session: this.getSession(name)!, created: true };
        }
        if (existing.status === 'running' && existing.ownerPid !== null && existing.ownerPid !== pid && isAlive(existing.ownerPid)) {
          throw new SextantError('SESSION_BUSY', `session '${name}' is being run by process ${existing.ownerPid}; stop it first (SIGINT or SIGTERM)`, { session: name, pid: existing.ownerPid });
        }
        this.db.prepare("UPDATE trading_sessions SET status = 'running', owner_pid = ?, heartbeat_at = ?, updated_at = ? WHERE name = ?").run(pid, now, now, name);
        return { session: this.getSession(name)!, created: false };
      })
      .immediate();
  }

  heartbeat(name: string, cursorTick: number, cursorTime: number | null): void {
    const now = Date.now();
    this.beat.run(now, cursorTick, cursorTime, now, name);
  }

  releaseSession(name: string, status: SessionStatus): void {
    this.db.prepare('UPDATE trading_sessions SET status = ?, owner_pid = NULL, updated_at = ? WHERE name = ?').run(status, Date.now(), name);
  }

  append(sessionName: string, entries: readonly JournalEntry[]): number {
    return this.db
      .transaction(() => {
        const first = (this.maxSeq.get(sessionName) as number) + 1;
        const at = Date.now();
        for (let k = 0; k < entries.length; k++) {
          const e = entries[k];
          this.insertEvent.run(sessionName, first + k, at, e.tick, e.kind, e.orderId, e.actor, JSON.stringify(e.data));
        }
        return first;
      })
      .immediate();
  }

  journal(sessionName: string, afterSeq = 0): JournalEvent[] {
    return (this.db.prepare('SELECT * FROM trading_journal WHERE session = ? AND seq > ? ORDER BY seq').all(sessionName, afterSeq) as JournalRow[]).map(journalEvent);
  }

  commandsAfter(sessionName: string, afterSeq: number): { commands: JournalEvent[]; lastSeq: number } {
    return this.db.transaction(() => {
      const lastSeq = this.maxSeq.get(sessionName) as number;
      const rows = this.newCommands.all(sessionName, afterSeq, lastSeq) as JournalRow[];
      return { commands: rows.map(journalEvent), lastSeq };
    })();
  }

  lastSeq(sessionName: string): number {
    return this.maxSeq.get(sessionName) as number;
  }

  controls(): TradingControls {
    const r = (this.db.prepare('SELECT * FROM trading_controls WHERE id = 1').get() as ControlsRow | undefined) ?? DEFAULT_CONTROLS;
    return {
      state: r.state,
      killGlobal: r.kill_global === 1,
      killStrategies: JSON.parse(r.kill_strategies_json),
      flatten: r.flatten === 1,
      limits: r.limits_json === null ? null : JSON.parse(r.limits_json),
      disabledStrategies: JSON.parse(r.disabled_strategies_json),
      approvalStrategies: JSON.parse(r.approval_strategies_json),
      version: r.version,
      updatedAt: r.updated_at,
    };
  }

  deferCheckpoints(defer: boolean): void {
    this.db.pragma(`wal_autocheckpoint = ${defer ? 0 : 1000}`);
  }

  checkpoint(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  strategyParams(): Record<string, { params: Record<string, unknown>; updatedAt: number; updatedBy: string }> {
    const rows = this.db.prepare('SELECT name, params_json, updated_at, updated_by FROM strategy_params ORDER BY name').all() as { name: string; params_json: string; updated_at: number; updated_by: string }[];
    return Object.fromEntries(rows.map((r) => [r.name, { params: JSON.parse(r.params_json), updatedAt: r.updated_at, updatedBy: r.updated_by }]));
  }

  setStrategyParams(name: string, params: Record<string, unknown>, actor: string, details: Record<string, unknown>): void {
    this.db.transaction(() => {
      const now = Date.now();
      this.db
        .prepare('INSERT INTO strategy_params (name, params_json, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET params_json = excluded.params_json, updated_at = excluded.updated_at, updated_by = excluded.updated_by')
        .run(name, JSON.stringify(params), now, actor);
      this.insertAudit({ actor, action: 'strategy.params', subject: name, details }, now);
    })();
  }

  controlsVersion(): number {
    return (this.version.get() as number | undefined) ?? 0;
  }

  updateControls(change: Partial<Omit<TradingControls, 'version' | 'updatedAt'>>, actor: string, action: string, details: Record<string, unknown>): TradingControls {
    return this.db
      .transaction(() => {
        const next = { ...this.controls(), ...change };
        const now = Date.now();
        this.db
          .prepare(
            `INSERT INTO trading_controls (id, state, kill_global, kill_strategies_json, flatten, limits_json, disabled_strategies_json, approval_strategies_json, version, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET state = excluded.state, kill_global = excluded.kill_global, kill_strategies_json = excluded.kill_strategies_json,
               flatten = excluded.flatten, limits_json = excluded.limits_json, disabled_strategies_json = excluded.disabled_strategies_json,
               approval_strategies_json = excluded.approval_strategies_json, version = excluded.version, updated_at = excluded.updated_at`,
          )
          .run(next.state, next.killGlobal ? 1 : 0, JSON.stringify(next.killStrategies), next.flatten ? 1 : 0, next.limits === null ? null : JSON.stringify(next.limits), JSON.stringify(next.disabledStrategies), JSON.stringify(next.approvalStrategies), next.version + 1, now);
        this.insertAudit({ actor, action, subject: 'trading-controls', details }, now);
        return this.controls();
      })
      .immediate();
  }
}
