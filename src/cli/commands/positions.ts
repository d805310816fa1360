import { Command } from 'commander';
import { positionsView } from '../../trading/ops/trading-views.js';
import { bookOf, sessionOf } from '../../trading/session/commands.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';

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
      for (const s of sessions) out.push(await positionsView(store, s, bookOf(trading, s.name)));
      if (ctx.json) return printJson(o.session ? out[0] : out);
      for (const s of out) {
        printLine(`session ${s.session} (${s.status}, ${s.bars_seen} bars, as of ${s.as_of ?? '—'}): cash ${fixed(s.cash)}, equity ${fixed(s.equity)}`);
        if (s.positions.length > 0) printLine(formatTable(['symbol', 'qty', 'avg price', 'mark', 'value', 'unrealised'], s.positions.map((p) => [p.symbol, p.qty, Number(p.avg_price.toFixed(4)), p.mark, Number(p.market_value.toFixed(2)), Number(p.unrealised_pnl.toFixed(2))])));
      }
    });
  });
}
