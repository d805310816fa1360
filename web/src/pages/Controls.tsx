import { useState } from 'react';
import { ActionButton } from '../components/ActionButton';
import { type Change, ConfirmDialog } from '../components/ConfirmDialog';
import { Info, Term } from '../components/Info';
import { Loading, Page, Panel } from '../components/Page';
import { StateBadges } from '../components/StateBadge';
import { api } from '../lib/api';
import { when } from '../lib/format';
import { useLiveEvents } from '../lib/live';
import { flattenLimits, limitInput, shownLimit as shown } from '../lib/limits';
import type { Controls as ControlsT, LimitChange, TradingState } from '../lib/types';
import { useApi } from '../lib/use-api';

const STATES: TradingState[] = ['ACTIVE', 'REDUCING', 'HALTED'];

interface Pending {
  title: string;
  changes: Change[];
  note?: string;
  danger?: boolean;
  apply: (reason: string) => Promise<unknown>;
}

/** Kill switch, trading state and risk limits; every change is confirmed in a dialog that shows it. */
export function Controls() {
  const controls = useApi<ControlsT>('/controls');
  const [pending, setPending] = useState<Pending | null>(null);
  useLiveEvents(['controls'], controls.reload);

  return (
    <Page id="controls" title="Controls">
      <Loading data={controls.data} error={controls.error}>
        {(c) => (
          <>
            <Panel testid="controls-summary">
              <StateBadges controls={c} />
              <p className="muted">
                Version {c.version}, changed {when(c.updated_at)}. Changes need an admin key and are written to the audit log with the key that made them.
              </p>
            </Panel>
            <div className="grid">
              <Panel title={<Term k="trading_state" />} testid="controls-state">
                <div className="row">
                  {STATES.map((s) => (
                    <ActionButton
                      key={s}
                      needs="admin"
                      kind={s === 'HALTED' ? 'danger' : undefined}
                      disabled={s === c.state}
                      testid={`state-${s}`}
                      onClick={() => setPending({ title: 'Change the trading state', danger: s !== 'ACTIVE', changes: [{ field: 'trading state', from: c.state, to: s }], apply: (reason) => api.put('/controls/state', { state: s, reason: reason || undefined }) })}
                    >
                      {s}
                    </ActionButton>
                  ))}
                </div>
              </Panel>
              <KillSwitchPanel c={c} ask={setPending} />
            </div>
            <LimitsPanel c={c} ask={setPending} />
          </>
        )}
      </Loading>
      {pending && (
        <ConfirmDialog
          title={pending.title}
          changes={pending.changes}
          note={pending.note ? <p className="muted">{pending.note}</p> : undefined}
          danger={pending.danger}
          onConfirm={async (reason) => {
            await pending.apply(reason);
            controls.reload();
          }}
          onClose={() => setPending(null)}
        />
      )}
    </Page>
  );
}

function KillSwitchPanel({ c, ask }: { c: ControlsT; ask: (p: Pending) => void }) {
  const [flatten, setFlatten] = useState(false);
  const [strategy, setStrategy] = useState('');
  const ks = c.kill_switch;
  const on = !ks.global;
  return (
    <Panel title={<Term k="kill_switch" />} testid="controls-kill-switch">
      <div className="row">
        <label className="inline-field">
          <input type="checkbox" checked={flatten} onChange={(e) => setFlatten(e.target.checked)} disabled={!on} data-testid="kill-flatten" /> also flatten positions
        </label>
        <ActionButton
          needs="admin"
          kind={on ? 'danger' : 'primary'}
          testid="kill-switch-toggle"
          onClick={() =>
            ask({
              title: on ? 'Turn the kill switch ON' : 'Turn the kill switch off',
              danger: on,
              changes: [{ field: 'kill switch (all strategies)', from: ks.global ? 'ON' : 'off', to: on ? `ON${flatten ? ' + flatten' : ''}` : 'off' }],
              note: on ? 'New orders are denied and open ones cancelled in every session.' : 'Sessions may place new orders again.',
              apply: (reason) => api.put('/controls/kill-switch', { on, flatten: on && flatten, reason: reason || undefined }),
            })
          }
        >
          {on ? 'Kill switch ON' : 'Kill switch off'}
        </ActionButton>
      </div>
      <div className="row">
        <input placeholder="strategy name" value={strategy} onChange={(e) => setStrategy(e.target.value)} data-testid="kill-strategy" />
        <ActionButton
          needs="admin"
          disabled={strategy.trim() === ''}
          onClick={() => {
            const name = strategy.trim();
            const killed = ks.strategies.includes(name);
            ask({
              title: `Kill switch of ${name}`,
              changes: [{ field: `kill switch (${name})`, from: killed ? 'ON' : 'off', to: killed ? 'off' : 'ON' }],
              apply: (reason) => api.put('/controls/kill-switch', { on: !killed, strategy: name, reason: reason || undefined }),
            });
          }}
        >
          {ks.strategies.includes(strategy.trim()) ? 'Release strategy' : 'Kill strategy'}
        </ActionButton>
      </div>
    </Panel>
  );
}

function LimitsPanel({ c, ask }: { c: ControlsT; ask: (p: Pending) => void }) {
  const fields = flattenLimits(c.limits);
  const [draft, setDraft] = useState<Record<string, string>>({});

  /** The API validates the change (dry_run) and says what would change; the dialog shows that. */
  const review = async (body: { set?: Record<string, unknown>; reset?: boolean }) => {
    const r = await api.put<{ changes: LimitChange[] }>('/controls/limits', { ...body, dry_run: true });
    ask({
      title: body.reset ? 'Reset the risk limits to their defaults' : 'Change risk limits',
      changes: r.changes.map((ch) => ({ field: <Term k={`limit.${ch.field}`} label={ch.field} />, from: shown(ch.from), to: shown(ch.to) })),
      note: 'Validated by the server (dry run); nothing is applied until you confirm.',
      apply: async (reason) => {
        await api.put('/controls/limits', { ...body, reason: reason || undefined });
        setDraft({});
      },
    });
  };

  const set = Object.fromEntries(Object.entries(draft).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, limitInput(v)]));
  return (
    <Panel title="Risk limits" testid="controls-limits">
      <p className="muted">
        Type a new value (a number, <code>off</code> to turn a limit off, <code>true</code>/<code>false</code> for flags), then review: the server checks it first.
      </p>
      <table className="table limits">
        <thead>
          <tr>
            <th>Limit</th>
            <th className="num">Now</th>
            <th>New value</th>
          </tr>
        </thead>
        <tbody>
          {fields.map(([k, v]) => (
            <tr key={k}>
              <td>
                <Term k={`limit.${k}`} /> <code className="muted small">{k}</code>
              </td>
              <td className="num" data-testid={`limit-${k}`}>
                {shown(v)}
              </td>
              <td>
                <input value={draft[k] ?? ''} placeholder={shown(v)} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} data-testid={`limit-input-${k}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <ActionButton needs="admin" kind="primary" testid="limits-review" disabled={Object.keys(set).length === 0} onClick={() => review({ set })}>
          Review changes
        </ActionButton>
        <ActionButton needs="admin" testid="limits-reset" onClick={() => review({ reset: true })}>
          Reset to defaults…
        </ActionButton>
        <Info k="risk_checks" />
      </div>
    </Panel>
  );
}
