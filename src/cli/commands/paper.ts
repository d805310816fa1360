import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import type { JournalBook } from '../../trading/oms/journal-book.js';
import { type LiveFeedOptions, type PaperOutcome, runPaperSession } from '../../trading/session/paper-runner.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';
import { backtestJson, printRunSummary } from './backtest.js';
import { type RunOptions, runConfigInput, withRunOptions } from './backtest-options.js';
import { type BrokerRunOptions, alpacaPreflight } from './paper-broker-check.js';
import { loadRunInputs, parseBacktestConfig } from '../../backtest/run-backtest.js';
import { simulate } from '../../backtest/simulate.js';
import type { Store } from '../../store/store.js';
import type { BrokerOrderRequest } from '../../trading/broker.js';
import { ordersToAlign } from '../../trading/session/dry-run.js';
import type { PreflightReport } from '../../trading/session/preflight.js';
import { AlpacaBroker } from '../../trading/alpaca/alpaca-broker.js';
import { alpacaConfigFromEnv } from '../../trading/alpaca/config.js';
import { AlpacaBarsFeed } from '../../trading/alpaca/bars-feed.js';
import type { AlpacaLog } from '../../trading/alpaca/log.js';
import { intervalMs, parseInterval } from '../../core/interval.js';

interface PaperCliOptions extends CommonOptions, RunOptions, BrokerRunOptions {
  session?: string;
  feed: string;
  speed: string;
  broker: string;
  approval: string;
  approvalTtl: string;
}

function parseSpeed(text: string): number | 'max' {
  if (text === 'max') return 'max';
  const v = Number(text);
  if (!(v > 0) || !Number.isFinite(v)) throw new SextantError('OPTION_INVALID', `--speed '${text}': expected a positive number (bar time per wall time, e.g. 3600) or max`, { field: '--speed', value: text });
  return v;
}

/** Orders of the session by final state. */
export function orderCounts(book: JournalBook): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of book.orders.values()) counts[o.state] = (counts[o.state] ?? 0) + 1;
  return counts;
}

function denials(book: JournalBook) {
  return [...book.orders.values()].filter((o) => o.state === 'denied').map((o) => ({ client_order_id: o.clientOrderId, symbol: o.symbol, side: o.side, qty: o.qty, code: o.code, reason: o.reason }));
}

export function sessionJson(out: PaperOutcome) {
  const { ledger, opts } = out.engine;
  const session = {
    session: out.session,
    finished: out.finished,
    resumed: out.resumed,
    ticks: out.ticks,
    total_ticks: out.totalTicks,
    cash: ledger.cash,
    account_equity: ledger.equity(),
    positions: Object.fromEntries(opts.symbols.map((s, k) => [s, ledger.position[k]]).filter(([, q]) => q !== 0)),
    orders: orderCounts(out.book),
    denials: denials(out.book),
    differences: out.differences,
    repairs: out.repairs,
    broker_problems: out.problems,
  };
  return out.run ? { ...backtestJson(out.run), ...session } : session;
}

export function paperCommand(): Command {
  const cmd = new Command('paper').description('paper-trade a strategy: the backtest kernel against a replayed (or live) feed, through risk checks, approvals and the order journal; resumable by --session');
  withRunOptions(cmd)
    .option('--session <name>', 'session name: run again with the same name to resume it (default: strategy-symbols-interval)')
    .option('--feed <kind>', 'replay (stored history on a clock) or alpaca (live bars from Alpaca market data after the stored history, which warms the features up; intraday intervals)', 'replay')
    .option('--speed <n|max>', 'replay speed: bar time per unit of wall time (3600: an hour per second), or max', 'max')
    .option('--broker <kind>', 'paper (simulated fills with the backtest fill models) or alpaca (orders go to the Alpaca account; keys from APCA_API_KEY_ID / APCA_API_SECRET_KEY, endpoint from APCA_API_BASE_URL)', 'paper')
    .option('--live', 'trade a live (real-money) account: needs a typed confirmation or --confirm-live after the preflight')
    .option('--confirm-live', 'confirm live trading without the prompt, after reading the preflight')
    .option('--dry-run', 'show the preflight (and what would be sent) without sending anything')
    .option('--approval <mode>', 'required: strategy orders wait for `sextant approvals approve`; none', 'none')
    .option('--approval-ttl <seconds>', 'how long an order waits for a decision before it expires', '900');
  return withCommonOptions(cmd).action(async (o: PaperCliOptions) => {
    await runWith(o, async (ctx) => {
      if (o.feed !== 'replay' && o.feed !== 'alpaca') throw new SextantError('OPTION_INVALID', `--feed '${o.feed}': expected replay or alpaca`, { field: '--feed', value: o.feed });
      if (o.broker !== 'paper' && o.broker !== 'alpaca') throw new SextantError('OPTION_INVALID', `--broker '${o.broker}': expected paper or alpaca`, { field: '--broker', value: o.broker });
      if (o.dryRun && o.broker !== 'alpaca') throw new SextantError('OPTION_INVALID', '--dry-run shows the preflight of a broker account: use it with --broker alpaca', { field: '--dry-run' });
      if (o.live && o.broker !== 'alpaca') throw new SextantError('OPTION_INVALID', '--live needs --broker alpaca', { field: '--live' });
      let broker: AlpacaBroker | undefined;
      if (o.broker === 'alpaca') {
        const report = await alpacaPreflight(ctx.openStore(), o, ctx.json);
        if (o.dryRun) return printDryRun(report, await wouldSend(ctx.openStore(), o, report), ctx.json);
        broker = new AlpacaBroker({ config: alpacaConfigFromEnv(), log: ctx.log });
        // Refused keys or an unreachable stream stop the session before it sends anything.
        await broker.ready();
      }
      if (o.approval !== 'required' && o.approval !== 'none') throw new SextantError('OPTION_INVALID', `--approval '${o.approval}': expected required or none`, { field: '--approval', value: o.approval });
      const ttl = Number(o.approvalTtl);
      if (!(ttl > 0)) throw new SextantError('OPTION_INVALID', `--approval-ttl '${o.approvalTtl}': expected a positive number of seconds`, { field: '--approval-ttl', value: o.approvalTtl });
      const config = runConfigInput(o);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const out = await runPaperSession(ctx.openStore(), {
          session: o.session ?? `${o.strategy}-${o.symbol.join('+')}-${o.interval}`,
          config,
          speed: parseSpeed(o.speed),
          approval: o.approval === 'required',
          approvalTtlSec: ttl,
          stop: stop.signal,
          broker,
          live: o.feed === 'alpaca' ? await alpacaFeed(ctx.openStore(), o, ctx.log) : undefined,
          onProgress: (done, total) => {
            if (total === null) ctx.log.info({ bars: done }, 'paper: live bar');
            else if ((done & 63) === 0 || done === total) ctx.progress.report('paper', done, total);
          },
        });
        ctx.progress.stop();
        if (ctx.json) printJson(sessionJson(out));
        else printSession(out);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await broker?.close();
      }
    });
  });
}

/** Alpaca market data as the session's feed: the bars since its stored history, then live ones over the WebSocket. */
async function alpacaFeed(store: Store, o: PaperCliOptions, log: AlpacaLog): Promise<LiveFeedOptions> {
  const config = alpacaConfigFromEnv();
  const assetClass = (await store.getAsset(o.symbol[0]))?.assetClass === 'crypto' ? 'crypto' : 'equity';
  const interval = parseInterval(o.interval);
  // Alpaca asks for history by a bar's open time: the first bar closing after `after` opens one interval earlier.
  return { name: 'alpaca', open: (after) => new AlpacaBarsFeed({ config, symbols: o.symbol, interval, assetClass, start: after + 1 - intervalMs(interval), live: true, log }) };
}

/** The orders that would bring the account to what the strategy holds at the last stored bar. */
async function wouldSend(store: Store, o: PaperCliOptions, report: PreflightReport): Promise<BrokerOrderRequest[]> {
  const cfg = parseBacktestConfig(runConfigInput(o));
  const { def, data, ppy, features, deps } = await loadRunInputs(store, cfg);
  const { ledger } = simulate({ def, params: cfg.params, cfg, data, features, periodsPerYear: ppy, deps });
  const holdings = data.symbols.map((symbol, s) => ({ symbol, qty: ledger.position[s], price: ledger.mark[s], lotSize: data.lotSizes[s] }));
  return ordersToAlign(holdings, ledger.equity(), report.account.equity, report.positions, o.session ?? `${o.strategy}-dry-run`);
}

function printDryRun(report: PreflightReport, orders: BrokerOrderRequest[], json: boolean): void {
  if (json) return printJson({ preflight: report, dry_run: true, would_send: orders });
  printLine(orders.length === 0 ? 'dry run: the account already holds what the strategy holds; nothing would be sent' : 'dry run: nothing sent; these orders would bring the account to what the strategy holds at its last bar:');
  if (orders.length > 0) printLine(formatTable(['symbol', 'side', 'qty', 'type', 'tif'], orders.map((x) => [x.symbol, x.side, x.qty, x.type, x.tif])));
}

function printSession(out: PaperOutcome): void {
  if (out.run) printRunSummary(out.run);
  const j = sessionJson(out);
  printLine(`session ${out.session}: ${out.finished ? 'replay finished' : `stopped after ${out.ticks}${out.totalTicks === null ? '' : ` of ${out.totalTicks}`} bars (run it again with --session ${out.session} to resume)`}${out.resumed ? ', resumed from its journal' : ''}`);
  printLine(`equity ${fixed(j.account_equity)}, cash ${fixed(j.cash)}, positions ${JSON.stringify(j.positions)}`);
  printLine(`orders: ${Object.entries(j.orders).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}`);
  if (j.denials.length > 0) printLine(formatTable(['denied order', 'symbol', 'side', 'qty', 'code'], j.denials.slice(-10).map((d) => [d.client_order_id, d.symbol, d.side, d.qty, d.code])));
  for (const p of out.problems) printLine(`broker: ${p}`);
  if (out.differences.length > 0 || out.repairs.length > 0) printLine(`reconciliation: ${out.differences.length} differences with the journal, ${out.repairs.length} repairs (see --json)`);
}
