import { Command } from 'commander';
import type { BarSeries } from '../../core/bar-series.js';
import { SextantError } from '../../core/errors.js';
import { parseInterval } from '../../core/interval.js';
import { approvalReport } from '../../trading/session/approval-report.js';
import { bookOf, sessionNames, sessionOf, waitForOrder } from '../../trading/session/commands.js';
import { decideApproval } from '../../trading/ops/order-ops.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';
import { defaultActor } from './models.js';
import { orderJson } from '../../trading/ops/order-json.js';

interface DecideOptions extends CommonOptions {
  session?: string;
  reason?: string;
  actor?: string;
  wait: string;
}

function decide(approved: boolean) {
  return async (id: string, o: DecideOptions) => {
    await runWith(o, async (ctx) => {
      const store = ctx.openStore();
      const trading = store.trading();
      const { session, order } = await decideApproval(store, id, approved, o.actor ?? defaultActor(), o.reason, o.session);
      const after = await waitForOrder(trading, session, id, Number(o.wait) || 0, (x) => x.state !== 'pending-approval');
      const now = after ?? order;
      if (ctx.json) return printJson({ ...orderJson(now, session), applied: now.state !== 'pending-approval' });
      printLine(now.state === 'pending-approval' ? `order ${id}: decision recorded; session ${session} applies it when it next runs` : `order ${id}: ${now.state}${now.code ? ` ${now.code}` : ''}${now.reason ? ` — ${now.reason}` : ''}`);
    });
  };
}

export function approvalsCommand(): Command {
  const cmd = new Command('approvals').description('orders waiting for a person (sessions run with --approval required): list, approve, reject, and how the decisions did');
  const withDecision = (c: Command) =>
    withCommonOptions(c.argument('<client-order-id>', 'the order').option('--session <name>', 'its session (default: searched)').option('--reason <text>', 'why (required to reject)').option('--actor <name>', 'who decides (default: $SEXTANT_ACTOR or the OS user)').option('--wait <seconds>', 'how long to wait for the session to apply it', '10'));

  cmd.addCommand(
    withCommonOptions(new Command('list').description('orders waiting for approval, with the signal, its confidence and reasons, the risk checks passed and the expiry').option('--session <name>', 'only this session')).action(async (o: CommonOptions & { session?: string }) => {
      await runWith(o, async (ctx) => {
        const trading = ctx.openStore().trading();
        const pending = sessionNames(trading, o.session).flatMap((name) => bookOf(trading, name).pending().map((order) => ({ session: name, order })));
        if (ctx.json) return printJson(pending.map(({ session, order }) => orderJson(order, session)));
        if (pending.length === 0) return printLine('no orders waiting for approval');
        printLine(
          formatTable(
            ['session', 'order', 'symbol', 'side', 'qty (est.)', 'signal', 'confidence', 'expires in s', 'reasons'],
            pending.map(({ session, order: p }) => [session, p.clientOrderId, p.symbol, p.side, p.qty, p.signal?.kind ?? null, p.signal ? Number(p.signal.confidence.toFixed(3)) : null, p.approvalExpiresAt === null ? null : Math.max(0, Math.round((p.approvalExpiresAt - Date.now()) / 1000)), p.signal?.reasons ? JSON.stringify(p.signal.reasons).slice(0, 60) : '']),
          ),
        );
      });
    }),
  );
  cmd.addCommand(withDecision(new Command('approve').description('approve an order: it is checked against the risk limits again and sent')).action(decide(true)));
  cmd.addCommand(withDecision(new Command('reject').description('reject an order, with --reason')).action(decide(false)));

  cmd.addCommand(
    withCommonOptions(
      new Command('report')
        .description("how people's decisions did against the model's: hypothetical P&L of approved, rejected and expired orders over the same horizon")
        .requiredOption('--session <name>', 'the session')
        .option('--horizon <bars>', 'bars after the decision bar at which each order is judged', '5'),
    ).action(async (o: CommonOptions & { session: string; horizon: string }) => {
      await runWith(o, async (ctx) => {
        const store = ctx.openStore();
        const trading = store.trading();
        const session = sessionOf(trading, o.session);
        const horizon = Number(o.horizon);
        if (!Number.isInteger(horizon) || horizon < 1) throw new SextantError('OPTION_INVALID', `--horizon '${o.horizon}': expected a whole number of bars ≥ 1`, { field: '--horizon', value: o.horizon });
        const interval = parseInterval(String((session.config as { config: { interval: string } }).config.interval));
        const orders = [...bookOf(trading, session.name).orders.values()];
        const bars = new Map<string, BarSeries | null>();
        for (const symbol of new Set(orders.map((x) => x.symbol))) bars.set(symbol, await store.loadBars(symbol, interval));
        const r = approvalReport(orders, (s) => bars.get(s) ?? null, horizon);
        if (ctx.json) return printJson({ session: session.name, horizon_bars: r.horizonBars, approved: r.approved, rejected: r.rejected, expired: r.expired, model: r.model, human_value_added: r.humanValueAdded });
        printLine(formatTable(['decision', 'orders', 'measured', `P&L over ${horizon} bars`, 'mean return %'], (['approved', 'rejected', 'expired', 'model'] as const).map((k) => [k === 'model' ? 'all (the model alone)' : k, r[k].count, r[k].measured, Number(r[k].pnl.toFixed(2)), fixed(r[k].meanReturnPct, 3)])));
        printLine(`people's decisions added ${fixed(r.humanValueAdded)} over sending every order`);
      });
    }),
  );
  return cmd;
}
