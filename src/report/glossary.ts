/**
 * Plain-language definitions of every figure the dashboard shows: the metrics a backtest run
 * records (docs/metrics.md defines each; the wording here is its short form), the baseline
 * comparison and overfitting statistics, the risk limits and the trading terms. The API serves
 * it at `GET /api/v1/glossary`; the dashboard's Help page lists it and every metric carries its
 * definition as a tooltip. Pure data.
 */
export interface GlossaryEntry {
  /** The snake_case key used in JSON (`sharpe`), `limit.<field>` for a risk limit, or a term. */
  key: string;
  label: string;
  /** '%', 'days', 'bars', 'currency', 'probability', 'count', 'ratio' or '' (a term, a date, a state). */
  unit: string;
  definition: string;
}

const RUN: readonly GlossaryEntry[] = [
  { key: 'start', label: 'Start', unit: '', definition: 'Close time of the first bar of the run (UTC).' },
  { key: 'end', label: 'End', unit: '', definition: 'Close time of the last bar of the run (UTC).' },
  { key: 'duration_days', label: 'Duration', unit: 'days', definition: 'Time from the first to the last point of the run, in days.' },
  { key: 'bars', label: 'Bars', unit: 'count', definition: 'Number of points of the equity curve, one per distinct bar time.' },
];

const RETURNS: readonly GlossaryEntry[] = [
  { key: 'final_equity', label: 'Final equity', unit: 'currency', definition: 'Account value at the last point of the run.' },
  { key: 'peak_equity', label: 'Peak equity', unit: 'currency', definition: 'Highest account value at any point of the run (the starting cash is not a point).' },
  { key: 'total_return_pct', label: 'Total return', unit: '%', definition: 'What the run made or lost, all in, from the starting cash: final equity / starting cash − 1.' },
  {
    key: 'cagr_pct',
    label: 'CAGR',
    unit: '%',
    definition: 'Compound annual growth rate: the constant yearly rate that turns the starting cash into the final equity over the run. Runs much shorter than a year give huge values.',
  },
  { key: 'buy_and_hold_return_pct', label: 'Buy-and-hold return', unit: '%', definition: 'What simply holding the instrument made over the same bars.' },
];

const RISK_ADJUSTED: readonly GlossaryEntry[] = [
  { key: 'volatility_ann_pct', label: 'Volatility (ann.)', unit: '%', definition: 'Annualised standard deviation of per-bar returns: how bumpy the ride is.' },
  {
    key: 'sharpe',
    label: 'Sharpe',
    unit: 'ratio',
    definition: 'Mean per-bar return divided by its standard deviation, annualised (risk-free rate 0). Above 1 is good for a daily strategy; above 2–3 on a backtest usually means something is too good to be true.',
  },
  { key: 'sortino', label: 'Sortino', unit: 'ratio', definition: 'Like Sharpe, but dividing by the downside deviation, so only losing moves count as risk.' },
  { key: 'calmar', label: 'Calmar', unit: 'ratio', definition: 'CAGR divided by the size of the maximum drawdown: yearly growth per unit of worst loss from a peak.' },
];

const DRAWDOWNS: readonly GlossaryEntry[] = [
  { key: 'max_drawdown_pct', label: 'Max drawdown', unit: '%', definition: 'The worst fall of equity from a previous peak (negative). The loss a trader had to sit through.' },
  { key: 'max_drawdown_duration_days', label: 'Longest drawdown', unit: 'days', definition: 'The longest time from a peak until equity got back to it (or to the end of the run).' },
  { key: 'max_drawdown_duration_bars', label: 'Longest drawdown (bars)', unit: 'bars', definition: 'The longest drawdown episode counted in bars rather than days.' },
  { key: 'avg_drawdown_pct', label: 'Average drawdown', unit: '%', definition: 'Mean depth of the drawdown episodes: the typical dip rather than the worst one.' },
  { key: 'avg_drawdown_duration_days', label: 'Average drawdown duration', unit: 'days', definition: 'Mean time from a peak to its recovery over the drawdown episodes.' },
];

const ACTIVITY: readonly GlossaryEntry[] = [
  { key: 'exposure_pct', label: 'Exposure', unit: '%', definition: 'Share of the bars on which the strategy held a position.' },
  {
    key: 'turnover',
    label: 'Turnover',
    unit: 'ratio',
    definition: 'Traded notional per year divided by the average equity: 2 means buying and selling the whole account once a year. Drives costs.',
  },
  { key: 'total_fees', label: 'Total fees', unit: 'currency', definition: 'Commissions and borrow costs paid over the run.' },
];

const TRADES: readonly GlossaryEntry[] = [
  { key: 'num_trades', label: 'Trades', unit: 'count', definition: 'Number of closed round trips (flat → position → flat); a position still open at the end is not a trade.' },
  { key: 'win_rate_pct', label: 'Win rate', unit: '%', definition: 'Share of closed trades with a profit after fees (a trade at exactly 0 is not a win).' },
  { key: 'profit_factor', label: 'Profit factor', unit: 'ratio', definition: 'Profit of the winning trades divided by the loss of the losing ones. Above 1 the winners pay for the losers.' },
  { key: 'expectancy', label: 'Expectancy', unit: 'currency', definition: 'Mean profit or loss of one trade, after fees: what a trade earns on average.' },
  { key: 'expectancy_pct', label: 'Expectancy (%)', unit: '%', definition: 'Arithmetic mean return per trade, on the capital the trade committed.' },
  {
    key: 'sqn',
    label: 'SQN',
    unit: 'ratio',
    definition: "Van Tharp's System Quality Number: √N · mean trade P&L / its standard deviation. The bigger, the less likely the edge is luck.",
  },
  { key: 'best_trade_pct', label: 'Best trade', unit: '%', definition: 'Return of the best closed trade.' },
  { key: 'worst_trade_pct', label: 'Worst trade', unit: '%', definition: 'Return of the worst closed trade.' },
  { key: 'avg_trade_pct', label: 'Average trade', unit: '%', definition: 'Geometric mean return per trade: the per-trade growth rate that compounds to the same result.' },
  { key: 'avg_holding_days', label: 'Average holding', unit: 'days', definition: 'Mean time from a trade’s entry to its exit.' },
  { key: 'avg_holding_bars', label: 'Average holding (bars)', unit: 'bars', definition: 'Mean number of bars from a trade’s entry to its exit.' },
];

const TAILS: readonly GlossaryEntry[] = [
  {
    key: 'var_95_pct',
    label: 'VaR 95%',
    unit: '%',
    definition: 'Historical one-bar Value at Risk at 95 %: one bar in twenty loses this much or more (a loss is positive).',
  },
  { key: 'cvar_95_pct', label: 'CVaR 95%', unit: '%', definition: 'Expected shortfall: the average loss on the worst 5 % of bars. How bad the bad days are.' },
  { key: 'tail_ratio', label: 'Tail ratio', unit: 'ratio', definition: 'Size of the 95th percentile return against the 5th: above 1, big gains are bigger than big losses.' },
  { key: 'skew', label: 'Skew', unit: 'ratio', definition: 'Skewness of per-bar returns: negative means occasional large losses, positive occasional large gains.' },
  { key: 'kurtosis', label: 'Kurtosis', unit: 'ratio', definition: 'Excess kurtosis of per-bar returns (0 for a normal distribution): large values mean fat tails, where volatility understates the risk.' },
];

const BENCHMARK: readonly GlossaryEntry[] = [
  { key: 'beta', label: 'Beta', unit: 'ratio', definition: 'How much the strategy moves with buy-and-hold of the instrument: 1 moves with it, 0 is uncorrelated, negative hedges it.' },
  { key: 'alpha_pct', label: 'Alpha (ann.)', unit: '%', definition: "Annualised Jensen's alpha: the yearly return not explained by exposure to the instrument (beta)." },
];

const COMPARISON: readonly GlossaryEntry[] = [
  { key: 'excess_return_pct', label: 'Excess return', unit: '%', definition: 'Total return of the strategy minus that of buy-and-hold on the same bars.' },
  { key: 'regret_pct', label: 'Regret', unit: '%', definition: 'How much more the best baseline (hold cash, buy-and-hold, random) returned than the strategy; 0 when the strategy beat them all.' },
  {
    key: 'sharpe_percentile_random',
    label: 'Sharpe percentile vs random',
    unit: '%',
    definition: 'Share of random strategies trading at the same rate whose Sharpe the strategy beat. Near 50 means no better than chance.',
  },
  { key: 'random_seeds', label: 'Random seeds', unit: 'count', definition: 'Number of seeded random strategies the Sharpe is ranked against.' },
  { key: 'random_rate', label: 'Random trading rate', unit: 'probability', definition: 'Chance per bar that the random baseline changes position, matched to the strategy’s own trading rate.' },
];

const OVERFITTING: readonly GlossaryEntry[] = [
  { key: 'trials', label: 'Trials', unit: 'count', definition: 'Number of parameter combinations a sweep tried before picking the best.' },
  {
    key: 'deflated_sharpe',
    label: 'Deflated Sharpe (DSR)',
    unit: 'probability',
    definition: 'Probability that the best trial’s true Sharpe beats the best of the same number of trials with no skill. Below 0.95 the best result may be selection luck.',
  },
  { key: 'probabilistic_sharpe', label: 'Probabilistic Sharpe (PSR)', unit: 'probability', definition: 'Probability that the best trial’s true Sharpe is above 0, ignoring that it was selected.' },
  { key: 'expected_max_sharpe', label: 'Expected max Sharpe', unit: 'ratio', definition: 'The Sharpe the best of this many skill-less trials would reach by luck alone (annualised).' },
  { key: 'sharpe_variance', label: 'Sharpe variance', unit: 'ratio', definition: 'Variance of the trials’ per-bar Sharpe ratios, which sets how high luck alone can reach.' },
  {
    key: 'pbo',
    label: 'Probability of overfitting (PBO)',
    unit: 'probability',
    definition: 'Share of in-sample/out-of-sample splits where the in-sample best trial fell below the median out of sample. Above 0.5 the selection is more likely overfit than not.',
  },
  { key: 'pbo_combinations', label: 'PBO splits', unit: 'count', definition: 'Number of in-sample/out-of-sample splits the PBO was measured over.' },
  { key: 'pbo_blocks', label: 'PBO blocks', unit: 'count', definition: 'Number of time blocks the returns were cut into for the PBO splits.' },
  { key: 'probability_of_loss', label: 'Probability of loss', unit: 'probability', definition: 'Share of splits whose in-sample best trial lost money (negative Sharpe) out of sample.' },
];

const LIMITS: readonly GlossaryEntry[] = [
  { key: 'limit.maxPositionPct', label: 'Max position', unit: '%', definition: 'Largest value one symbol may reach after an order, open orders counted, as a share of equity.' },
  { key: 'limit.maxGrossExposurePct', label: 'Max gross exposure', unit: '%', definition: 'Largest sum of absolute position values over all symbols, as a share of equity (100 = no leverage).' },
  { key: 'limit.maxNetExposurePct', label: 'Max net exposure', unit: '%', definition: 'Largest absolute sum of signed position values, as a share of equity: the directional bet.' },
  { key: 'limit.maxOrderNotional', label: 'Max order notional', unit: 'currency', definition: 'Largest value of one order (quantity × expected price): a fat-finger backstop.' },
  { key: 'limit.maxRiskPerOrderPct', label: 'Max risk per order', unit: '%', definition: 'Most one order may lose if its stop-loss is hit, as a share of equity; orders without a stop-loss are not measured.' },
  { key: 'limit.requireStopLoss', label: 'Require stop-loss', unit: '', definition: 'When on, orders that increase exposure without a stop-loss are denied.' },
  { key: 'limit.dailyLossPct', label: 'Daily loss limit', unit: '%', definition: 'When equity is this far below the day’s starting equity, only orders that reduce exposure are accepted.' },
  { key: 'limit.maxDrawdownPct', label: 'Max drawdown limit', unit: '%', definition: 'When equity is this far below its session peak, only orders that reduce exposure are accepted.' },
  { key: 'limit.circuitBreaker.consecutiveLosses', label: 'Losses in a row', unit: 'count', definition: 'Losing closed trades in a row that pause a strategy.' },
  { key: 'limit.circuitBreaker.lossRateWindow', label: 'Loss-rate window', unit: 'count', definition: 'How many of the latest closed trades the loss rate is measured over.' },
  { key: 'limit.circuitBreaker.lossRateThreshold', label: 'Loss-rate threshold', unit: 'ratio', definition: 'Share of losing trades in a full window (0–1) that pauses a strategy.' },
  { key: 'limit.circuitBreaker.cooldownMinutes', label: 'Cool-down', unit: 'minutes', definition: 'How long a strategy paused by the circuit breaker stays paused.' },
  { key: 'limit.orderRate.maxOrders', label: 'Max orders per window', unit: 'count', definition: 'Most orders a session may submit within the order-rate window: stops a runaway loop.' },
  { key: 'limit.orderRate.perSeconds', label: 'Order-rate window', unit: 'seconds', definition: 'Length of the sliding window the order rate is counted over.' },
  { key: 'limit.priceBandPct', label: 'Price band', unit: '%', definition: 'A limit or stop price further than this from the last price is denied (fat finger).' },
  { key: 'limit.marketHoursOnly', label: 'Market hours only', unit: '', definition: 'When on, orders other than flattening are denied while the symbol’s market is closed.' },
];

const TRADING: readonly GlossaryEntry[] = [
  { key: 'equity', label: 'Equity', unit: 'currency', definition: 'Cash plus the market value of every open position: what the account is worth now.' },
  { key: 'cash', label: 'Cash', unit: 'currency', definition: 'Money in the account not invested in positions (short sales add their proceeds).' },
  { key: 'positions_value', label: 'Positions value', unit: 'currency', definition: 'Market value of the open positions at their latest price (shorts count negative).' },
  { key: 'pnl', label: 'P&L', unit: 'currency', definition: 'Profit and loss: equity now minus the starting cash.' },
  { key: 'unrealised_pnl', label: 'Unrealised P&L', unit: 'currency', definition: 'Profit or loss of the open positions at their latest price, not yet locked in by closing them.' },
  { key: 'exposure', label: 'Exposure', unit: 'currency', definition: 'Value of the positions held, as money at risk in the market; gross counts shorts as positive, net lets them offset longs.' },
  { key: 'drawdown', label: 'Drawdown', unit: '%', definition: 'How far equity is below its highest value so far; the underwater chart plots it over time.' },
  { key: 'benchmark', label: 'Benchmark', unit: '', definition: 'Buy-and-hold of the same instrument with the same cash and costs: what doing nothing clever would have made.' },
  { key: 'baseline', label: 'Baselines', unit: '', definition: 'Simple strategies every run is compared with: hold cash, buy-and-hold and seeded random trading at the same rate.' },
  { key: 'monthly_return_pct', label: 'Monthly return', unit: '%', definition: 'Change of equity over a calendar month, from the last point of the month before.' },
  { key: 'trade_pnl', label: 'Trade P&L', unit: 'currency', definition: 'Profit or loss of one closed trade, after its fees.' },
  {
    key: 'trading_state',
    label: 'Trading state',
    unit: '',
    definition: 'ACTIVE trades normally; REDUCING only lets orders through that reduce a position; HALTED stops everything new and cancels open orders.',
  },
  {
    key: 'kill_switch',
    label: 'Kill switch',
    unit: '',
    definition: 'Stops new orders and cancels open ones, for every strategy or one; with flatten it also closes the positions.',
  },
  {
    key: 'risk_checks',
    label: 'Risk checks',
    unit: '',
    definition: 'The checks every order passes before it is sent, in a fixed order (trading state, kill switch, circuit breaker, order rate, price band, notional, risk per order, position and exposure limits); the first that fails denies it.',
  },
  { key: 'denial', label: 'Denial', unit: '', definition: 'An order a risk check refused; it names the check and the reason.' },
  { key: 'approval', label: 'Approval', unit: '', definition: 'With approval required, each strategy order waits for a person to approve or reject it before it is sent; it expires if nobody decides in time.' },
  { key: 'confidence', label: 'Confidence', unit: 'probability', definition: 'How sure the strategy is of its signal (0–1); rule-based strategies say 1.' },
  { key: 'signal', label: 'Signal', unit: '', definition: 'What the strategy asked for: BUY, SELL or ABSTAIN, with a confidence and, for models, its reasons.' },
  { key: 'circuit_breaker', label: 'Circuit breaker', unit: '', definition: 'Pauses a strategy after a run of losing trades or a high loss rate, until the cool-down ends.' },
  { key: 'data_freshness', label: 'Data freshness', unit: '', definition: 'How old the latest stored bar of each series is; stale data holds new orders in live sessions.' },
];

/** Validation metrics of a registered model (recorded as mean_*, std_* over the folds, pooled_* over all out-of-fold rows, calibrated_* after calibration). */
const MODELS: readonly GlossaryEntry[] = [
  { key: 'auc', label: 'AUC', unit: 'probability', definition: 'Chance that the model scores a randomly chosen up example above a randomly chosen down one: 0.5 is a coin, 1 is perfect.' },
  { key: 'logLoss', label: 'Log loss', unit: '', definition: 'Mean negative log-likelihood of the true labels under the predicted probabilities; lower is better, and it punishes confident mistakes hard.' },
  { key: 'brier', label: 'Brier score', unit: '', definition: 'Mean squared difference between the predicted probability and the 0/1 outcome; lower is better, 0.25 is an always-50 % guess.' },
  { key: 'accuracy', label: 'Accuracy', unit: 'probability', definition: 'Share of rows whose predicted class (probability above the threshold) was right.' },
  { key: 'ece', label: 'Expected calibration error', unit: 'probability', definition: 'How far predicted probabilities are from observed frequencies, averaged over probability bins weighted by their rows; 0 is perfectly calibrated.' },
  { key: 'rmse', label: 'RMSE', unit: '', definition: 'Root mean squared error of a regression model’s predictions, in the label’s units.' },
  { key: 'ic', label: 'Information coefficient', unit: 'ratio', definition: 'Pearson correlation between predictions and realised outcomes.' },
  { key: 'rankIc', label: 'Rank IC', unit: 'ratio', definition: 'Spearman (rank) correlation between predictions and realised outcomes; robust to outliers.' },
  { key: 'rows', label: 'Rows', unit: 'count', definition: 'Labelled rows the model was validated on.' },
  { key: 'model_state', label: 'Model state', unit: '', definition: 'Where a model is in its lifecycle: candidate (trained, not trusted yet), active (may trade), paused (kept, not trading) or retired (final).' },
];

export const GLOSSARY: readonly GlossaryEntry[] = [
  ...RUN,
  ...RETURNS,
  ...RISK_ADJUSTED,
  ...DRAWDOWNS,
  ...ACTIVITY,
  ...TRADES,
  ...TAILS,
  ...BENCHMARK,
  ...COMPARISON,
  ...OVERFITTING,
  ...LIMITS,
  ...TRADING,
  ...MODELS,
];
