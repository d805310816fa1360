import { DataTable } from '../components/DataTable';
import { Term } from '../components/Info';
import { MetricCard } from '../components/Metrics';
import { ErrorNote, Loading, Page, Panel } from '../components/Page';
import { StateBadges } from '../components/StateBadge';
import { money, num, signClass, when } from '../lib/format';
import { useLiveEvents } from '../lib/live';
import { href } from '../lib/router';
import type { Account, Controls, Health, Job, Order, Session, SessionPositions } from '../lib/types';
import { useApi, useThrottled } from '../lib/use-api';

interface Alert {
  kind: string;
  text: string;
  link: string;
}

function alertsOf(denials: Order[], jobs: Job[], sessions: Session[], health: Health | undefined): Alert[] {
  const out: Alert[] = [];
  // A person's rejection is a decision, not a risk check refusing an order.
  for (const o of denials.filter((d) => d.code !== 'HUMAN_REJECTED').slice(0, 5)) out.push({ kind: 'denial', text: `${o.session}: ${o.side} ${num(o.qty)} ${o.symbol} denied — ${o.code ?? ''} ${o.reason ?? ''}`, link: '/trading' });
  for (const f of (health?.data_freshness ?? []).filter((x) => x.stale)) out.push({ kind: 'stale data', text: `${f.symbol} ${f.interval}: the latest bar is from ${when(f.last_time)}`, link: '/health' });
  for (const j of jobs.filter((x) => x.state === 'failed')) out.push({ kind: 'failed job', text: `${j.kind} ${j.id}: ${j.error?.code ?? ''} ${j.error?.message ?? ''}`, link: '/health' });
  for (const s of sessions) {
    if (s.status === 'running' && !s.running) out.push({ kind: 'session down', text: `${s.name} says running but its process is gone (last heartbeat ${when(s.heartbeat_at)})`, link: '/trading' });
    if (s.status === 'stopped') out.push({ kind: 'session stopped', text: `${s.name} is stopped (resume it with sextant paper --session ${s.name})`, link: '/trading' });
  }
  return out;
}

/** Equity and P&L, open positions, trading state and kill switch, and what needs attention. */
export function Overview() {
  const account = useApi<Account>('/account');
  const positions = useApi<SessionPositions[]>('/positions');
  const controls = useApi<Controls>('/controls');
  const denials = useApi<Order[]>('/orders?state=denied&limit=50');
  const jobs = useApi<Job[]>('/jobs');
  const sessions = useApi<Session[]>('/sessions');
  const health = useApi<Health>('/health');

  const reloadTrading = useThrottled(() => {
    account.reload();
    positions.reload();
    denials.reload();
    sessions.reload();
  }, 500);
  useLiveEvents(['fill', 'order', 'denial', 'bar'], reloadTrading);
  useLiveEvents(['controls'], controls.reload);
  useLiveEvents(['job'], jobs.reload);

  const open = (positions.data ?? []).flatMap((s) => s.positions.map((p) => ({ session: s.session, ...p })));
  const alerts = alertsOf(denials.data ?? [], jobs.data ?? [], sessions.data ?? [], health.data);

  return (
    <Page id="overview" title="Overview">
      <Panel testid="overview-account">
        <Loading data={account.data} error={account.error}>
          {(a) => (
            <div className="cards">
              <MetricCard k="equity" value={a.equity} />
              <MetricCard k="cash" value={a.cash} />
              <MetricCard k="positions_value" value={a.positions_value} />
              <MetricCard k="unrealised_pnl" value={a.unrealised_pnl} />
              <div className="card">
                <div className="card-label">Sessions</div>
                <div className="card-value">{a.sessions}</div>
              </div>
            </div>
          )}
        </Loading>
      </Panel>
      <div className="grid">
        <Panel title="Trading state" testid="overview-controls">
          <Loading data={controls.data} error={controls.error}>
            {(c) => (
              <>
                <StateBadges controls={c} />
                <p className="muted">
                  Changed {when(c.updated_at)} · <a href={href('/controls')}>Controls</a>
                </p>
              </>
            )}
          </Loading>
        </Panel>
        <Panel title={`Alerts (${alerts.length})`} testid="overview-alerts">
          {alerts.length === 0 ? (
            <p className="muted">Nothing needs attention.</p>
          ) : (
            <ul className="alerts">
              {alerts.map((a, i) => (
                <li key={i}>
                  <span className="badge warn">{a.kind}</span> <a href={href(a.link)}>{a.text}</a>
                </li>
              ))}
            </ul>
          )}
        </Panel>
        <Panel title="Open positions" testid="overview-positions" wide>
          <ErrorNote error={positions.error} />
          <DataTable
            rows={open}
            empty="No open positions."
            columns={[
              { key: 'session', label: 'Session' },
              { key: 'symbol', label: 'Symbol' },
              { key: 'qty', label: 'Qty', numeric: true, render: (p) => num(p.qty) },
              { key: 'avg_price', label: 'Avg price', numeric: true, render: (p) => money(p.avg_price) },
              { key: 'mark', label: 'Mark', numeric: true, render: (p) => money(p.mark) },
              { key: 'market_value', label: 'Value', numeric: true, render: (p) => money(p.market_value) },
              { key: 'unrealised_pnl', label: <Term k="unrealised_pnl" />, numeric: true, render: (p) => <span className={signClass(p.unrealised_pnl)}>{money(p.unrealised_pnl)}</span> },
            ]}
          />
        </Panel>
        {account.data && account.data.by_session.length > 0 && (
          <Panel title="Equity by session" wide>
            <DataTable
              rows={account.data.by_session}
              columns={[
                { key: 'session', label: 'Session' },
                { key: 'status', label: 'Status' },
                { key: 'cash', label: <Term k="cash" />, numeric: true, render: (s) => money(s.cash) },
                { key: 'equity', label: <Term k="equity" />, numeric: true, render: (s) => money(s.equity) },
                { key: 'positions', label: 'Positions', numeric: true },
              ]}
            />
          </Panel>
        )}
      </div>
    </Page>
  );
}
