import { useState } from 'react';
import { ActionButton } from '../components/ActionButton';
import { DataTable } from '../components/DataTable';
import { Info, Term } from '../components/Info';
import { Empty, Loading, Page, Panel } from '../components/Page';
import { api } from '../lib/api';
import { countdown, money, num, when } from '../lib/format';
import { useLiveEvents } from '../lib/live';
import type { Order } from '../lib/types';
import { useApi, useNow, useThrottled } from '../lib/use-api';

/** A signal's reasons: plain text, or the top feature contributions as JSON. */
function Reasons({ reasons }: { reasons: unknown }) {
  if (reasons === null || reasons === undefined || reasons === '') return <span className="muted">none given (a rule-based strategy)</span>;
  if (typeof reasons === 'string') return <span>{reasons}</span>;
  return <code className="json">{JSON.stringify(reasons)}</code>;
}

interface Decided {
  id: string;
  session: string;
  decision: 'approved' | 'rejected';
  state: string;
  reason: string;
}

/** Orders waiting for a person: what the strategy saw, how sure it was, the checks passed, and the time left. */
export function Approvals() {
  const queue = useApi<Order[]>('/approvals');
  const [decided, setDecided] = useState<Decided[]>([]);
  const reload = useThrottled(queue.reload, 300);
  // A decision is a command the session applies at its next step; what happens to the order then
  // (sent, filled, denied) is read back whenever the session reports on one of the decided orders.
  const followDecided = useThrottled(() => {
    for (const session of new Set(decided.map((d) => d.session))) {
      api
        .get<Order[]>(`/orders?session=${encodeURIComponent(session)}&limit=50`)
        .then((orders) => setDecided((list) => list.map((d) => ({ ...d, state: orders.find((o) => o.session === d.session && o.client_order_id === d.id)?.state ?? d.state }))))
        .catch(() => {});
    }
  }, 300);
  useLiveEvents(['approval', 'order', 'fill'], (e) => {
    const d = e.data as { session: string; client_order_id?: string; order?: Order };
    const id = d.order?.client_order_id ?? d.client_order_id;
    if (decided.some((x) => x.session === d.session && x.id === id)) followDecided();
    if (e.type !== 'fill') reload();
  });
  const now = useNow(1000);
  const isDecided = (o: Order) => decided.some((d) => d.session === o.session && d.id === o.client_order_id);

  const decide = async (o: Order, approve: boolean, reason: string) => {
    const res = await api.post<Order>(`/approvals/${encodeURIComponent(o.client_order_id)}/${approve ? 'approve' : 'reject'}`, { session: o.session, reason: reason || undefined });
    const entry: Decided = { id: o.client_order_id, session: o.session, decision: approve ? 'approved' : 'rejected', state: res.state === 'pending-approval' ? 'sent to the session' : res.state, reason };
    setDecided((d) => [entry, ...d].slice(0, 20));
    queue.reload();
    followDecided();
  };

  return (
    <Page id="approvals" title="Approvals" actions={<button onClick={queue.reload}>Refresh</button>}>
      <p className="muted">
        Orders of strategies with approval required wait here <Info k="approval" />. Approving sends the order through the risk checks again; rejecting needs a reason.
      </p>
      <Loading data={queue.data?.filter((o) => !isDecided(o))} error={queue.error}>
        {(list) =>
          list.length === 0 ? (
            <Empty>
              <span data-testid="approvals-empty">No order is waiting for a decision.</span>
            </Empty>
          ) : (
            <div className="grid" data-testid="approvals-queue">
              {list.map((o) => (
                <ApprovalCard key={`${o.session}/${o.client_order_id}`} o={o} now={now} decide={decide} />
              ))}
            </div>
          )
        }
      </Loading>
      <Panel title="Decided here" testid="approvals-decided">
        <DataTable
          rows={decided}
          empty="No decisions in this visit."
          rowTestid={(d) => `decided-${d.id}`}
          columns={[
            { key: 'session', label: 'Session' },
            { key: 'id', label: 'Order' },
            { key: 'decision', label: 'Decision' },
            { key: 'state', label: 'Order state now', render: (d) => <span data-testid={`decided-state-${d.id}`}>{d.state}</span> },
            { key: 'reason', label: 'Reason' },
          ]}
        />
      </Panel>
    </Page>
  );
}

function ApprovalCard({ o, now, decide }: { o: Order; now: number; decide: (o: Order, approve: boolean, reason: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const left = o.approval_expires_at ? Date.parse(o.approval_expires_at) - now : NaN;
  const id = o.client_order_id;
  return (
    <Panel testid={`approval-${id}`}>
      <h2>
        <span className={`badge ${o.side === 'buy' ? 'ok' : 'bad'}`}>{o.side.toUpperCase()}</span> {num(o.qty)} {o.symbol}{' '}
        <span className="muted">
          {o.type}
          {o.limit_price !== null ? ` @ ${money(o.limit_price)}` : ''}
        </span>
      </h2>
      <table className="kv">
        <tbody>
          <tr>
            <th>Order</th>
            <td>
              {o.session} / {id} ({o.strategy})
            </td>
          </tr>
          <tr>
            <th>
              <Term k="signal" />
            </th>
            <td data-testid={`approval-${id}-signal`}>{o.signal?.kind ?? '—'}</td>
          </tr>
          <tr>
            <th>
              <Term k="confidence" />
            </th>
            <td data-testid={`approval-${id}-confidence`}>{o.signal?.confidence === null || o.signal?.confidence === undefined ? '—' : num(o.signal.confidence)}</td>
          </tr>
          <tr>
            <th>Reasons</th>
            <td>
              <Reasons reasons={o.signal?.reasons} />
            </td>
          </tr>
          <tr>
            <th>
              <Term k="risk_checks" label="Risk checks passed" />
            </th>
            <td className="chips" data-testid={`approval-${id}-checks`}>
              {(o.risk_checks_passed ?? []).map((c) => (
                <span key={c} className="chip">
                  ✓ {c}
                </span>
              ))}
            </td>
          </tr>
          <tr>
            <th>Bar</th>
            <td>{when(o.created_at)}</td>
          </tr>
          <tr>
            <th>Expires in</th>
            <td className={left < 60_000 ? 'neg' : ''} data-testid={`approval-${id}-expiry`}>
              {Number.isNaN(left) ? '—' : countdown(left)}
            </td>
          </tr>
        </tbody>
      </table>
      <label className="field">
        Reason (required to reject)
        <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid={`approval-${id}-reason`} />
      </label>
      <div className="row">
        <ActionButton needs="trader" kind="primary" testid={`approve-${id}`} onClick={() => decide(o, true, reason.trim())}>
          Approve
        </ActionButton>
        <ActionButton needs="trader" kind="danger" testid={`reject-${id}`} disabled={reason.trim() === ''} title={reason.trim() === '' ? 'Give a reason to reject' : undefined} onClick={() => decide(o, false, reason.trim())}>
          Reject
        </ActionButton>
      </div>
    </Panel>
  );
}
