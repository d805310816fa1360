import type { Command } from 'commander';
import type { Interval } from '../../core/interval.js';
import type { BacktestConfigInput } from '../../backtest/config.js';
import { parseParamAssignment } from '../../strategy/registry.js';
import { parseBound } from '../bounds.js';
import { SextantError } from '../../core/errors.js';
import { parseInterval } from '../../core/interval.js';

/** The options every command that runs the kernel over history shares (backtest, sweep, walkforward). */
export interface RunOptions {
  strategy: string;
  param: string[];
  symbol: string[];
  interval: string;
  from?: string;
  to?: string;
  cash: string;
  commission: string;
  commissionPerShare: string;
  commissionMin: string;
  sizing: string;
  kellyCap: string;
  size?: string;
  slippageBps: string;
  slippageRange: string;
  participation?: string;
  fill: string;
  latency: string;
  borrowRate: string;
  leverage: string;
  closeAtEnd?: boolean;
  seed: string;
  randomSeeds: string;
  timezone: string;
}

const collect = (v: string, all: string[]) => [...all, v];

/** `data: false` leaves --symbol and --interval optional, for commands that can take them from an experiment file. */
export function withRunOptions(cmd: Command, { params = true, data = true } = {}): Command {
  cmd.requiredOption('--strategy <name>', "strategy name (see 'sextant strategies')");
  if (data) cmd.requiredOption('--symbol <sym>', 'symbol to trade; repeat for several', collect, []).requiredOption('--interval <iv>', 'bar interval, e.g. 1d');
  else cmd.option('--symbol <sym>', 'symbol to trade; repeat for several', collect, []).option('--interval <iv>', 'bar interval, e.g. 1d');
  if (params) cmd.option('--param <name=value>', 'strategy parameter; repeat for several', collect, []);
  return cmd
    .option('--from <time>', 'first bar (date or ISO time); earlier bars still warm the features up')
    .option('--to <time>', 'last bar (date or ISO time)')
    .option('--cash <amount>', 'starting cash', '10000')
    .option('--commission <rate>', 'commission as a fraction of notional per fill (0.002 = 0.2%)', '0')
    .option('--commission-per-share <amount>', 'commission per unit traded', '0')
    .option('--commission-min <amount>', 'minimum commission per fill', '0')
    .option('--sizing <kind>', 'all-in | fixed | percent | vol-target | kelly (by signal confidence)', 'all-in')
    .option('--size <value>', 'units (fixed), fraction of equity (percent), annual volatility target (vol-target), Kelly fraction (kelly, default 0.5)')
    .option('--kelly-cap <fraction>', 'kelly sizing: most of equity one position may take', '0.5')
    .option('--slippage-bps <bps>', 'adverse slippage in basis points per fill', '0')
    .option('--slippage-range <k>', "adverse slippage as a fraction of the previous bar's range", '0')
    .option('--participation <rate>', 'fill at most this fraction of a bar’s volume (partial fills)')
    .option('--fill <model>', 'market-order price: next-open | next-close | vwap-proxy', 'next-open')
    .option('--latency <bars>', 'extra bars between a decision and its first possible fill', '0')
    .option('--borrow-rate <rate>', 'annual borrow cost of shorts as a fraction of their value', '0')
    .option('--leverage <x>', 'maximum gross exposure as a multiple of equity', '1')
    .option('--close-at-end', 'close open positions at the last close so they count as trades')
    .option('--seed <n>', 'seed of every random choice (random baseline)', '1')
    .option('--random-seeds <n>', 'random-strategy seeds to rank the Sharpe ratio against', '100')
    .option('--timezone <tz>', 'IANA zone for calendar features', 'UTC');
}

function num(text: string | undefined, field: string): number {
  const v = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(v)) {
    throw new SextantError('OPTION_INVALID', `${field} '${text}': expected a number`, { field, value: text });
  }
  return v;
}

export function runConfigInput(o: RunOptions, interval: Interval = parseInterval(o.interval)): BacktestConfigInput {
  return {
    strategy: o.strategy,
    params: Object.fromEntries((o.param ?? []).map(parseParamAssignment)),
    symbols: o.symbol,
    interval,
    from: o.from === undefined ? null : parseBound(o.from, interval, '--from'),
    to: o.to === undefined ? null : parseBound(o.to, interval, '--to'),
    cash: num(o.cash, '--cash'),
    commission: num(o.commission, '--commission'),
    commissionPerShare: num(o.commissionPerShare, '--commission-per-share'),
    commissionMin: num(o.commissionMin, '--commission-min'),
    sizing: o.sizing as BacktestConfigInput['sizing'],
    sizingValue: o.size === undefined ? null : num(o.size, '--size'),
    kellyCap: num(o.kellyCap, '--kelly-cap'),
    slippageBps: num(o.slippageBps, '--slippage-bps'),
    slippageRange: num(o.slippageRange, '--slippage-range'),
    participation: o.participation === undefined ? null : num(o.participation, '--participation'),
    fill: o.fill as BacktestConfigInput['fill'],
    latencyBars: num(o.latency, '--latency'),
    borrowRate: num(o.borrowRate, '--borrow-rate'),
    leverage: num(o.leverage, '--leverage'),
    closeAtEnd: o.closeAtEnd === true,
    seed: num(o.seed, '--seed'),
    randomSeeds: num(o.randomSeeds, '--random-seeds'),
    timezone: o.timezone,
  };
}
