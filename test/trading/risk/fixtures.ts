import type { RiskOrder, RiskSnapshot, TradingState } from '../../../src/trading/risk/types.js';

/** A buy of 10 AAPL at 100 from strategy 's1', market, no stop: override what a test needs. */
export function order(over: Partial<RiskOrder> = {}): RiskOrder {
  return {
    clientOrderId: 'new',
    strategy: 's1',
    symbol: 'AAPL',
    side: 1,
    qty: 10,
    type: 'market',
    limitPrice: null,
    stopPrice: null,
    stopLoss: null,
    price: 100,
    origin: 'strategy',
    ...over,
  };
}

export interface SnapshotSpec {
  now?: number;
  equity?: number;
  dayStartEquity?: number;
  peakEquity?: number;
  /** symbol → [signed qty, price] */
  positions?: Record<string, [number, number]>;
  /** symbol → last price; a held symbol defaults to its position price, AAPL to 100. */
  last?: Record<string, number>;
  openOrders?: RiskOrder[];
  recentOrderTimes?: number[];
  tradingState?: TradingState;
  killGlobal?: boolean;
  disabledStrategies?: string[];
  killStrategies?: string[];
  pausedUntil?: Record<string, number>;
  marketOpen?: boolean;
}

/** A flat 100,000 account, ACTIVE, no kill switch, market open, at 2024-06-03T15:00Z. */
export function snapshot(spec: SnapshotSpec = {}): RiskSnapshot {
  const equity = spec.equity ?? 100_000;
  const positions = new Map(Object.entries(spec.positions ?? {}).map(([s, [qty, price]]) => [s, { qty, price }]));
  const last: Record<string, number> = { AAPL: 100, ...Object.fromEntries([...positions].map(([s, p]) => [s, p.price])), ...spec.last };
  return {
    now: spec.now ?? Date.parse('2024-06-03T15:00:00Z'),
    equity,
    cash: equity,
    dayStartEquity: spec.dayStartEquity ?? equity,
    peakEquity: spec.peakEquity ?? equity,
    positions,
    lastPrice: (symbol) => last[symbol] ?? Number.NaN,
    openOrders: spec.openOrders ?? [],
    recentOrderTimes: spec.recentOrderTimes ?? [],
    tradingState: spec.tradingState ?? 'ACTIVE',
    killSwitch: { global: spec.killGlobal ?? false, strategies: new Set(spec.killStrategies ?? []) },
    disabledStrategies: new Set(spec.disabledStrategies ?? []),
    pausedUntil: new Map(Object.entries(spec.pausedUntil ?? {})),
    marketOpen: () => spec.marketOpen ?? true,
  };
}
