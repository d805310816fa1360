import { Command } from 'commander';
import { parseInterval } from '../../core/interval.js';
import type { Store } from '../../store/store.js';
import type { SessionRecord } from '../../store/trading-store.js';
import { bookOf, sessionOf } from '../../trading/session/commands.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';

/** The last close at or before the session's cursor: what a position is marked at. */
async function markOf(store: Store, session: SessionRecord, symbol: string, fallback: number): Promise<number> {
  const interval = (session.config as { config?: { interval?: string } }).config?.interval;
  if (!interval || session.cursorTime === null) return fallback;
  const bars = await store.loadBars(symbol, parseInterval(interval), { to: session.cursorTime });
  return bars && bars.length > 0 ? bars.close[bars.length - 1] : fallback;
}

export function positionsCommand(): Command {
  const cmd = new Command('positions')
    .description('positions, cash and equity of paper and live sessions, as their journals tell them, marked at the last bar each session saw')
    .option('--session <name>', 'only this session');
  return withCommonOptions(cmd).action(async (o: CommonOptions & { session?: string }) => {
    await runWith(o, async (ctx) => {
      const store = ctx.openStore();
      const trading = store.trading();
      const sessions = o.session ? [sessionOf(trading, o.session)] : trading.listSessions();
      const out = [];
      for (const s of sessions) {
        const book = bookOf(trading, s.name);
        const positions = [];
        let value = 0;
        for (const [symbol, p] of book.positions) {
          if (p.qty === 0) continue;
          const mark = await markOf(store, s, symbol, p.lastPrice);
          value += p.qty * mark;
          positions.push({ symbol, qty: p.qty, avg_price: p.avgPrice, mark, market_value: p.qty * mark, unrealised_pnl: p.qty * (mark - p.avgPrice) });
        }
        out.push({ session: s.name, status: s.status, bars_seen: s.cursorTick, as_of: s.cursorTime === null ? null : new Date(s.cursorTime).toISOString(), cash: book.cash, equity: book.cash + value, fees: book.fees, positions });
      }
      if (ctx.json) return printJson(o.session ? out[0] : out);
      for (const s of out) {
        printLine(`session ${s.session} (${s.status}, ${s.bars_seen} bars, as of ${s.as_of ?? '—'}): cash ${fixed(s.cash)}, equity ${fixed(s.equity)}`);
        if (s.positions.length > 0) printLine(formatTable(['symbol', 'qty', 'avg price', 'mark', 'value', 'unrealised'], s.positions.map((p) => [p.symbol, p.qty, Number(p.avg_price.toFixed(4)), p.mark, Number(p.market_value.toFixed(2)), Number(p.unrealised_pnl.toFixed(2))])));
      }
    });
  });
}
