/**
 * What paper and live trading keep: sessions, the order journal, and the trading controls.
 * Synchronous on purpose: the journal is written inside the kernel's bar step, before the event
 * is acted on, so it cannot wait for a promise. (A networked backend would batch a bar's events
 * and flush them before anything leaves for a broker.)
 */
export type SessionStatus = 'running' | 'stopped' | 'finished';
export type TradingMode = 'paper' | 'live';

export interface SessionRecord {
  name: string;
  mode: TradingMode;
  config: Record<string, unknown>;
  status: SessionStatus;
  ownerPid: number | null;
  heartbeatAt: number | null;
  cursorTick: number;
  cursorTime: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface JournalEntry {
  kind: string;
  tick: number;
  orderId: string | null;
  actor: string;
  data: Record<string, unknown>;
}

export interface JournalEvent extends JournalEntry {
  session: string;
  seq: number;
  at: number;
}

export type ControlState = 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface TradingControls {
  state: ControlState;
  killGlobal: boolean;
  killStrategies: string[];
  /** Whether the kill switch that is on also flattens positions. */
  flatten: boolean;
  /** Strategies switched off: their new orders are denied (RISK_STRATEGY_DISABLED); working orders and positions stay. */
  disabledStrategies: string[];
  /** Strategies whose every order waits for a person, whatever their sessions were started with. */
  approvalStrategies: string[];
  /** Risk limits as stored (validated by the risk config parser); null = the defaults. */
  limits: Record<string, unknown> | null;
  version: number;
  updatedAt: number;
}

export interface TradingStore {
  getSession(name: string): SessionRecord | null;
  listSessions(): SessionRecord[];
  /** Creates the session, or claims an existing one for this process (SESSION_BUSY when a live process holds it). */
  claimSession(name: string, mode: TradingMode, config: Record<string, unknown>, pid: number, isAlive: (pid: number) => boolean): { session: SessionRecord; created: boolean };
  /** The owner reports it is alive and how far it got. */
  heartbeat(name: string, cursorTick: number, cursorTime: number | null): void;
  releaseSession(name: string, status: SessionStatus): void;
  /** Appends events atomically, numbering them after the last; returns the first seq. */
  append(session: string, entries: readonly JournalEntry[]): number;
  /** Events with seq > afterSeq, oldest first. */
  journal(session: string, afterSeq?: number): JournalEvent[];
  lastSeq(session: string): number;
  /** The commands people wrote after `afterSeq`, and the last seq of the journal they were read at (one consistent read). */
  commandsAfter(session: string, afterSeq: number): { commands: JournalEvent[]; lastSeq: number };
  controls(): TradingControls;
  /**
   * A running session moves the store's write-ahead-log checkpoints out of its bar step
   * (`deferCheckpoints(true)`) and runs them itself between bars (`checkpoint()`), so a
   * checkpoint never lands inside the tick-to-trade path.
   */
  deferCheckpoints(defer: boolean): void;
  checkpoint(): void;
  /** Cheap check for a change, polled on every bar. */
  controlsVersion(): number;
  /** The parameters each strategy is launched with from the dashboard and the API (only strategies that have them). */
  strategyParams(): Record<string, { params: Record<string, unknown>; updatedAt: number; updatedBy: string }>;
  /** Sets a strategy's parameters (already validated) and writes the audit entry in one transaction. */
  setStrategyParams(name: string, params: Record<string, unknown>, actor: string, details: Record<string, unknown>): void;
  /** Applies a change and its audit entry in one transaction; returns the new controls. */
  updateControls(change: Partial<Omit<TradingControls, 'version' | 'updatedAt'>>, actor: string, action: string, details: Record<string, unknown>): TradingControls;
}
