/**
 * The API's JSON as the dashboard reads it (docs/api.md). Fields the dashboard does not use
 * are left out; metrics the run did not define arrive as null.
 */
export type Metrics = Record<string, number | string | null>;

export interface Asset {
  symbol: string;
  interval: string;
  asset_class: string;
  rows: number;
  first_time: number;
  last_time: number;
  gaps: number;
}

export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface BarsPage {
  symbol: string;
  interval: string;
  bars: Bar[];
  next_after: number | null;
}

export interface Strategy {
  name: string;
  description: string;
  params: unknown[];
  defaults: Record<string, number | string | boolean>;
  enabled: boolean;
  approval_mode: 'session' | 'required';
  /** The parameters new backtests and sessions start from (the defaults until someone saves others). */
  launch_params: Record<string, number | string | boolean>;
  params_updated_at: string | null;
  /** The global kill switch or this strategy's own is on. */
  kill_switch: boolean;
}

export interface RunSummaryRow {
  id: string;
  kind: string;
  strategy: string;
  symbols: string[];
  interval: string | null;
  params: Record<string, unknown>;
  metrics: Metrics;
  started_at: string;
  finished_at: string;
}

export interface Baseline {
  name: string;
  total_return_pct: number | null;
  sharpe: number | null;
  max_drawdown_pct: number | null;
}

export interface RunDetail extends RunSummaryRow {
  config: Record<string, unknown>;
  trades: number;
  points?: number;
  summary: Record<string, unknown> & {
    baselines?: Baseline[];
    comparison?: Record<string, number | null>;
    overfitting?: Record<string, number | null | string[]>;
    best_params?: Record<string, unknown>;
    results?: Record<string, unknown>[];
  };
}

export interface EquitySeries {
  time: number[];
  equity: number[];
  benchmark: (number | null)[] | null;
  drawdown_pct: number[];
  /** The random baselines' equity percentiles at up to 500 points; null when the run had no random seeds. */
  random_band: { time: number[]; p10: (number | null)[]; p50: (number | null)[]; p90: (number | null)[] } | null;
}

export interface Trade {
  symbol: string;
  side: 'long' | 'short';
  qty: number;
  entry_time: number;
  entry_price: number;
  exit_time: number;
  exit_price: number;
  pnl: number;
  fees: number;
  return_pct: number;
  reason?: string | null;
}

export interface MonthlyReturn {
  year: number;
  month: number;
  return_pct: number | null;
}

export interface JobProgress {
  phase?: string;
  done: number;
  total: number;
  fraction: number;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: string;
  state: JobState;
  progress: JobProgress;
  run_ids: string[];
  error: { code: string; message: string } | null;
  config?: Record<string, unknown>;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface Signal {
  kind: string;
  confidence: number | null;
  reasons: unknown;
}

export interface Order {
  session: string;
  client_order_id: string;
  state: string;
  strategy: string;
  origin: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  type: string;
  tif: string;
  limit_price: number | null;
  stop_price: number | null;
  stop_loss: number | null;
  take_profit: number | null;
  filled_qty: number;
  avg_fill_price: number | null;
  fees: number;
  signal: Signal | null;
  risk_checks_passed: string[] | null;
  code: string | null;
  reason: string | null;
  created_at: string;
  approval_expires_at: string | null;
  decision: { actor: string; approved: boolean; reason: string | null; at?: string | null } | null;
}

export interface Fill {
  session: string;
  seq?: number;
  client_order_id: string;
  symbol: string | null;
  side: string | null;
  qty: number;
  price: number;
  fee: number;
  time: number;
}

export interface Position {
  symbol: string;
  qty: number;
  avg_price: number;
  mark: number;
  market_value: number;
  unrealised_pnl: number;
}

export interface SessionPositions {
  session: string;
  status: string;
  cash: number;
  equity: number;
  bars_seen?: number;
  as_of?: string | null;
  fees?: number;
  positions: Position[];
}

export interface Session {
  name: string;
  mode: string;
  status: string;
  running: boolean;
  strategy: string | null;
  symbols: string[];
  interval: string | null;
  approval: boolean;
  feed: string | null;
  broker: string | null;
  bars_seen: number;
  cursor_time: number | null;
  heartbeat_at: string | null;
  created_at: string;
}

export interface Account {
  sessions: number;
  cash: number;
  equity: number;
  positions_value: number;
  unrealised_pnl: number;
  fees: number;
  by_session: { session: string; status: string; cash: number; equity: number; positions: number }[];
}

export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface Controls {
  state: TradingState;
  kill_switch: { global: boolean; strategies: string[]; flatten: boolean };
  limits: Record<string, unknown>;
  version: number;
  updated_at: string | null;
}

export interface LimitChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface Health {
  status: 'ok' | 'degraded';
  checked_at: string;
  store: { ok: boolean; location: string; schema_version: number | null };
  sessions: { name: string; status: string; running: boolean; feed: string | null; broker: string | null; heartbeat_age_s: number | null; ok: boolean }[];
  data_freshness: { symbol: string; interval: string; last_time: number | null; age_hours: number | null; stale: boolean }[];
  recent_errors: { at: string; source: string; code: string; message: string }[];
  jobs: Record<JobState, number>;
}
