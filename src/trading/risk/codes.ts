/**
 * The stable reason codes of risk denials, each with a one-line summary. Scripts, the journal and
 * the approval view match on these codes, so a code is never renamed or reused.
 */
export const RISK_CODES = {
  RISK_TRADING_HALTED: 'Trading is HALTED: nothing new is accepted except flattening from the controls.',
  RISK_REDUCING_ONLY: 'Trading is REDUCING (or the order comes from flattening): only orders that reduce a position are accepted.',
  RISK_KILL_SWITCH: 'The global kill switch, or the kill switch of the order\'s strategy, is on.',
  RISK_STRATEGY_DISABLED: 'The order\'s strategy is switched off in the controls: it places no new orders (its working orders stay).',
  RISK_CIRCUIT_BREAKER: 'The strategy is paused by its circuit breaker after losing trades; only reducing orders pass.',
  RISK_DAILY_LOSS: 'Equity has fallen by the daily loss limit since the start of the day; only reducing orders pass.',
  RISK_MAX_DRAWDOWN: 'Equity has fallen by the drawdown limit from its peak; only reducing orders pass.',
  RISK_MARKET_CLOSED: 'The symbol\'s market is closed and the config allows orders only during market hours.',
  RISK_ORDER_RATE: 'The session has submitted as many orders as the order-rate limit allows in the window.',
  RISK_NO_PRICE: 'A price the checks need (the last price, the order\'s expected price, or a held position\'s price) is unknown.',
  RISK_PRICE_BAND: 'The limit or stop price is further from the last price than the price band allows (fat finger).',
  RISK_STOP_REQUIRED: 'The config requires a stop-loss on every order that adds exposure, and this one has none.',
  RISK_ORDER_NOTIONAL: 'Quantity × price of the order exceeds the per-order notional limit.',
  RISK_ORDER_RISK: 'Quantity × distance to the stop-loss exceeds the per-order risk limit (% of equity).',
  RISK_MAX_POSITION: 'The symbol\'s position after the order, working orders counted, exceeds the per-symbol limit (% of equity).',
  RISK_GROSS_EXPOSURE: 'Gross exposure after the order, working orders counted, exceeds the limit (% of equity).',
  RISK_NET_EXPOSURE: 'Net exposure after the order, working orders counted, exceeds the limit (% of equity).',
} as const;

export type RiskCode = keyof typeof RISK_CODES;
