import { useState } from 'react';
import { ActionButton } from '../components/ActionButton';
import { type Change, ConfirmDialog } from '../components/ConfirmDialog';
import { Info } from '../components/Info';
import { Loading, Page, Panel } from '../components/Page';
import { api } from '../lib/api';
import { useRole } from '../lib/auth';
import { when } from '../lib/format';
import { useLiveEvents } from '../lib/live';
import { allows, forbiddenText } from '../lib/roles';
import type { Strategy } from '../lib/types';
import { useApi } from '../lib/use-api';

type Value = number | string | boolean;

/** A parameter's name, whether the API lists names or described parameters. */
export function paramName(p: unknown): string {
  return typeof p === 'string' ? p : String((p as { name?: unknown }).name ?? '?');
}

/** Text from an input back to the value type of the default (numbers stay numbers). */
export function parseParam(text: string, like: Value | undefined): Value {
  const t = text.trim();
  if (typeof like === 'boolean' || t === 'true' || t === 'false') return t === 'true';
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

interface Pending {
  title: string;
  changes: Change[];
  apply: (reason: string) => Promise<unknown>;
}

/** Each strategy: enabled or not, its parameters (what new backtests and sessions start from), approval mode. */
export function Strategies() {
  const strategies = useApi<Strategy[]>('/strategies');
  const [pending, setPending] = useState<Pending | null>(null);
  // Enablement and approval mode live in the controls, whose changes arrive as `controls` events.
  useLiveEvents(['controls'], strategies.reload);

  return (
    <Page id="strategies" title="Strategies">
      <Loading data={strategies.data} error={strategies.error}>
        {(list) => (
          <div className="grid">
            {list.map((s) => (
              <StrategyCard key={s.name} s={s} ask={setPending} />
            ))}
          </div>
        )}
      </Loading>
      {pending && (
        <ConfirmDialog
          title={pending.title}
          changes={pending.changes}
          onConfirm={async (reason) => {
            await pending.apply(reason);
            strategies.reload();
          }}
          onClose={() => setPending(null)}
        />
      )}
    </Page>
  );
}

function StrategyCard({ s, ask }: { s: Strategy; ask: (p: Pending) => void }) {
  const role = useRole();
  const current: Record<string, Value> = { ...s.defaults, ...s.launch_params };
  const names = s.params.map(paramName);
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(names.map((n) => [n, current[n] === undefined ? '' : String(current[n])])));
  const path = `/strategies/${encodeURIComponent(s.name)}`;

  const saveParams = () => {
    const params: Record<string, Value> = {};
    const changes: Change[] = [];
    for (const n of names) {
      if (draft[n].trim() === '') continue;
      const v = parseParam(draft[n], s.defaults[n]);
      params[n] = v;
      if (v !== current[n]) changes.push({ field: n, from: current[n] === undefined ? '—' : String(current[n]), to: String(v) });
    }
    ask({ title: `Parameters of ${s.name}`, changes, apply: (reason) => api.put(`${path}/params`, { params, reason: reason || undefined }) });
  };

  const adminOnly = !allows(role, 'admin');
  const enabled = s.enabled;
  const mode = s.approval_mode;
  return (
    <Panel title={s.name} testid={`strategy-${s.name}`}>
      <p className="muted">{s.description}</p>
      <div className="row">
        <span className={`badge ${enabled ? 'ok' : 'bad'}`} data-testid={`strategy-${s.name}-enabled`}>
          {enabled ? 'enabled' : 'disabled'}
        </span>
        {s.kill_switch && <span className="badge bad">kill switch on</span>}
        <ActionButton
          needs="trader"
          testid={`strategy-${s.name}-toggle`}
          onClick={() =>
            ask({
              title: `${enabled ? 'Disable' : 'Enable'} ${s.name}`,
              changes: [{ field: 'enabled', from: String(enabled), to: String(!enabled) }],
              apply: (reason) => api.put(`${path}/enabled`, { enabled: !enabled, reason: reason || undefined }),
            })
          }
        >
          {enabled ? 'Disable' : 'Enable'}
        </ActionButton>
        <label className="inline-field" title={adminOnly ? forbiddenText(role, 'admin') : undefined}>
          Approval <Info k="approval" />
          <select
            value={mode}
            disabled={adminOnly}
            data-testid={`strategy-${s.name}-approval`}
            onChange={(e) => {
              const next = e.target.value;
              ask({ title: `Approval mode of ${s.name}`, changes: [{ field: 'approval mode', from: mode, to: next }], apply: (reason) => api.put(`${path}/approval`, { mode: next, reason: reason || undefined }) });
            }}
          >
            <option value="session">as the session says</option>
            <option value="required">every order needs a person</option>
          </select>
        </label>
      </div>
      {names.length > 0 && (
        <form
          className="params"
          onSubmit={(e) => {
            e.preventDefault();
            saveParams();
          }}
        >
          {names.map((n) => (
            <label key={n} className="field small">
              {n}
              <input value={draft[n]} placeholder={s.defaults[n] === undefined ? 'required' : String(s.defaults[n])} onChange={(e) => setDraft({ ...draft, [n]: e.target.value })} data-testid={`strategy-${s.name}-param-${n}`} />
            </label>
          ))}
          <ActionButton needs="trader" testid={`strategy-${s.name}-save`} onClick={saveParams}>
            Save parameters
          </ActionButton>
          {s.params_updated_at && <span className="muted small">saved {when(s.params_updated_at)}</span>}
        </form>
      )}
    </Panel>
  );
}
