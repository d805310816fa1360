import { useState } from 'react';
import { ActionButton } from '../components/ActionButton';
import { DataTable } from '../components/DataTable';
import { Term } from '../components/Info';
import { ErrorNote, Page, Panel } from '../components/Page';
import { api, query } from '../lib/api';
import { money, num, signClass, when } from '../lib/format';
import { type LiveEvent, useLiveEvents } from '../lib/live';
import type { Fill, Order, Session, SessionPositions } from '../lib/types';
import { useApi, useThrottled } from '../lib/use-api';
import { OrderForm } from './OrderForm';

const OPEN_STATES = new Set(['new', 'submitted', 'accepted', 'partially-filled', 'pending-approval', 'cancel-pending']);

/** What a live event says, in one line. */
function describe(e: LiveEvent): string {
  const d = e.data as { session?: string; order?: Partial<Order>; symbol?: string; side?: string; qty?: number; price?: number; close?: number; time?: number };
  const o = d.order;
  switch (e.type) {
    case 'fill':
      return `${d.session}: filled ${d.side} ${num(d.qty)} ${d.symbol} @ ${money(d.price)}`;
    case 'bar':
      return `${d.session}: bar ${d.symbol} ${when(d.time)} close ${money(d.close)}`;
    default:
      return `${d.session ?? ''}: ${o?.client_order_id ?? ''} ${o?.side ?? ''} ${o?.qty ?? ''} ${o?.symbol ?? ''} → ${o?.state ?? ''}${o?.reason ? ` (${o.reason})` : ''}`;
  }
}

/** Sessions, orders, fills and positions, refreshed by the live events of the sessions. */
export function Trading() {
  const [session, setSession] = useState('');
  const q = query({ session: session || undefined });
  const sessions = useApi<Session[]>('/sessions');
  const orders = useApi<Order[]>(`/orders${query({ session: session || undefined, limit: 100 })}`);
  const fills = useApi<Fill[]>(`/fills${query({ session: session || undefined, limit: 100 })}`);
  const positions = useApi<SessionPositions[]>(`/positions${q}`);
  const [feed, setFeed] = useState<LiveEvent[]>([]);

  const reload = useThrottled(() => {
    sessions.reload();
    orders.reload();
    fills.reload();
    positions.reload();
  }, 400);
  useLiveEvents(['order', 'fill', 'denial', 'approval', 'signal', 'bar'], (e) => {
    if (e.type !== 'bar') setFeed((f) => [e, ...f].slice(0, 30));
    reload();
  });

  const cancel = async (o: Order) => {
    await api.post(`/orders/${encodeURIComponent(o.client_order_id)}/cancel`, { session: o.session, reason: 'cancelled from the dashboard' });
    reload();
  };

  return (
    <Page
      id="trading"
      title="Trading"
      actions={
        <label className="inline-field">
          Session
          <select value={session} onChange={(e) => setSession(e.target.value)} data-testid="trading-session">
            <option value="">all</option>
            {(sessions.data ?? []).map((s) => (
              <option key={s.name}>{s.name}</option>
            ))}
          </select>
        </label>
      }
    >
      <Panel title="Sessions" testid="trading-sessions">
        <ErrorNote error={sessions.error} />
        <DataTable
          rows={sessions.data ?? []}
          empty="No paper or live sessions yet: start one with sextant paper."
          columns={[
            { key: 'name', label: 'Session' },
            { key: 'mode', label: 'Mode' },
            { key: 'status', label: 'Status', render: (s) => <span className={`badge ${s.running ? 'ok' : s.status === 'finished' ? '' : 'warn'}`}>{s.running ? 'running' : s.status}</span> },
            { key: 'strategy', label: 'Strategy' },
            { key: 'symbols', label: 'Symbols', render: (s) => `${s.symbols.join(', ')} ${s.interval ?? ''}` },
            { key: 'approval', label: <Term k="approval" />, render: (s) => (s.approval ? 'required' : 'no') },
            { key: 'bars_seen', label: 'Bars', numeric: true },
            { key: 'cursor_time', label: 'Last bar', render: (s) => when(s.cursor_time) },
            { key: 'heartbeat_at', label: 'Heartbeat', render: (s) => when(s.heartbeat_at) },
          ]}
        />
      </Panel>
      <div className="grid">
        <Panel title="Positions" testid="trading-positions">
          <ErrorNote error={positions.error} />
          {(positions.data ?? []).map((p) => (
            <div key={p.session} className="session-positions">
              <p>
                <b>{p.session}</b> · <Term k="cash" /> {money(p.cash)} · <Term k="equity" /> {money(p.equity)}
              </p>
              <DataTable
                rows={p.positions}
                empty="Flat."
                columns={[
                  { key: 'symbol', label: 'Symbol' },
                  { key: 'qty', label: 'Qty', numeric: true },
                  { key: 'avg_price', label: 'Avg', numeric: true, render: (x) => money(x.avg_price) },
                  { key: 'mark', label: 'Mark', numeric: true, render: (x) => money(x.mark) },
                  { key: 'unrealised_pnl', label: <Term k="unrealised_pnl" />, numeric: true, render: (x) => <span className={signClass(x.unrealised_pnl)}>{money(x.unrealised_pnl)}</span> },
                ]}
              />
            </div>
          ))}
        </Panel>
        <Panel title="Live events" testid="trading-feed">
          {feed.length === 0 ? (
            <p className="muted">Waiting for orders and fills…</p>
          ) : (
            <ul className="feed">
              {feed.map((e, i) => (
                <li key={i}>
                  <span className="badge">{e.type}</span> {describe(e)}
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
      <Panel title="Orders" testid="trading-orders">
        <ErrorNote error={orders.error} />
        <DataTable
          rows={orders.data ?? []}
          empty="No orders."
          rowTestid={(o) => `order-${o.client_order_id}`}
          columns={[
            { key: 'created_at', label: 'Time', render: (o) => when(o.created_at) },
            { key: 'session', label: 'Session' },
            { key: 'client_order_id', label: 'Order' },
            { key: 'symbol', label: 'Symbol' },
            { key: 'side', label: 'Side' },
            { key: 'qty', label: 'Qty', numeric: true },
            { key: 'type', label: 'Type' },
            { key: 'state', label: 'State', render: (o) => <span className="badge" data-testid={`order-state-${o.client_order_id}`}>{o.state}</span> },
            { key: 'filled_qty', label: 'Filled', numeric: true },
            { key: 'avg_fill_price', label: 'Avg fill', numeric: true, render: (o) => money(o.avg_fill_price) },
            { key: 'reason', label: 'Reason', render: (o) => [o.code, o.reason ?? o.decision?.reason].filter(Boolean).join(': ') || '—' },
            {
              key: 'actions',
              label: '',
              render: (o) =>
                OPEN_STATES.has(o.state) && o.state !== 'cancel-pending' ? (
                  <ActionButton needs="trader" onClick={() => cancel(o)} testid={`cancel-${o.client_order_id}`}>
                    Cancel
                  </ActionButton>
                ) : null,
            },
          ]}
        />
      </Panel>
      <div className="grid">
        <Panel title="Fills" testid="trading-fills">
          <ErrorNote error={fills.error} />
          <DataTable
            rows={fills.data ?? []}
            empty="No fills."
            columns={[
              { key: 'time', label: 'Time', render: (f) => when(f.time) },
              { key: 'session', label: 'Session' },
              { key: 'client_order_id', label: 'Order' },
              { key: 'symbol', label: 'Symbol' },
              { key: 'side', label: 'Side' },
              { key: 'qty', label: 'Qty', numeric: true },
              { key: 'price', label: 'Price', numeric: true, render: (f) => money(f.price) },
              { key: 'fee', label: 'Fee', numeric: true, render: (f) => money(f.fee) },
            ]}
          />
        </Panel>
        <Panel title="Place an order">
          <OrderForm sessions={sessions.data ?? []} onPlaced={reload} />
        </Panel>
      </div>
    </Page>
  );
}
