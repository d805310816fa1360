import { useEffect, useMemo, useState } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Loading, Page, Panel } from '../../components/Page';
import { api } from '../../lib/api';
import { when } from '../../lib/format';
import { href } from '../../lib/router';
import type { Asset, Job, Strategy } from '../../lib/types';
import { useApi } from '../../lib/use-api';
import { paramName, parseParam } from '../Strategies';
import { JobProgress } from './JobProgress';

const SIZINGS = ['all-in', 'fixed', 'percent', 'vol-target', 'kelly'];

/** A date input (YYYY-MM-DD, read as UTC midnight) as epoch ms, or null when empty. */
const dayMs = (d: string) => (d === '' ? null : Date.parse(`${d}T00:00:00Z`));

/** The form: series and strategy from the API, parameters from the strategy, costs and sizing; a backtest or a sweep. */
export function Launch() {
  const assets = useApi<Asset[]>('/assets');
  const strategies = useApi<Strategy[]>('/strategies');
  const [series, setSeries] = useState('');
  const [strategy, setStrategy] = useState('');
  const [kind, setKind] = useState<'backtest' | 'sweep'>('backtest');
  const [params, setParams] = useState<Record<string, string>>({});
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [cash, setCash] = useState('10000');
  const [commission, setCommission] = useState('0');
  const [slippage, setSlippage] = useState('0');
  const [sizing, setSizing] = useState('all-in');
  const [size, setSize] = useState('');
  const [seeds, setSeeds] = useState('100');
  const [objective, setObjective] = useState('sharpe');
  const [jobs, setJobs] = useState<Job[]>([]);

  const def = useMemo(() => strategies.data?.find((s) => s.name === strategy), [strategies.data, strategy]);
  useEffect(() => {
    if (!series && assets.data?.length) setSeries(`${assets.data[0].symbol} ${assets.data[0].interval}`);
  }, [assets.data, series]);
  useEffect(() => {
    if (!strategy && strategies.data?.length) setStrategy((strategies.data.find((s) => s.name === 'sma-cross') ?? strategies.data[0]).name);
  }, [strategies.data, strategy]);
  useEffect(() => {
    if (!def) return;
    const values = { ...def.defaults, ...def.launch_params };
    setParams(Object.fromEntries(def.params.map(paramName).map((n) => [n, values[n] === undefined ? '' : String(values[n])])));
  }, [def]);

  const [symbol, interval] = series.split(' ');
  const chosen = assets.data?.find((a) => a.symbol === symbol && a.interval === interval);

  const launch = async () => {
    const config = {
      strategy,
      symbols: [symbol],
      interval,
      from: dayMs(from),
      to: dayMs(to),
      cash: Number(cash),
      commission: Number(commission) / 100,
      slippageBps: Number(slippage),
      sizing,
      sizingValue: size === '' ? null : Number(size),
      randomSeeds: Number(seeds),
    };
    const filled = Object.entries(params).filter(([, v]) => v.trim() !== '');
    const body =
      kind === 'backtest'
        ? { kind, config: { ...config, params: Object.fromEntries(filled.map(([k, v]) => [k, parseParam(v, def?.defaults[k])])) } }
        : { kind, config, params: filled.map(([k, v]) => `${k}=${v.trim()}`), objective };
    const job = await api.post<Job>('/jobs', body);
    setJobs((j) => [job, ...j]);
  };

  return (
    <Page id="backtest-new" title="New backtest or sweep" actions={<a href={href('/backtests')}>← all runs</a>}>
      <Loading data={assets.data && strategies.data ? true : undefined} error={assets.error ?? strategies.error}>
        {() => (
          <Panel>
            <form className="form-grid" onSubmit={(e) => e.preventDefault()} data-testid="launch-form">
              <label className="field">
                Kind
                <select value={kind} onChange={(e) => setKind(e.target.value as 'backtest' | 'sweep')} data-testid="launch-kind">
                  <option value="backtest">backtest</option>
                  <option value="sweep">sweep (parameter search)</option>
                </select>
              </label>
              <label className="field">
                Series
                <select value={series} onChange={(e) => setSeries(e.target.value)} data-testid="launch-series">
                  {assets.data!.map((a) => (
                    <option key={`${a.symbol} ${a.interval}`} value={`${a.symbol} ${a.interval}`}>
                      {a.symbol} {a.interval} ({a.rows} bars)
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                Strategy
                <select value={strategy} onChange={(e) => setStrategy(e.target.value)} data-testid="launch-strategy">
                  {strategies.data!.map((s) => (
                    <option key={s.name} value={s.name} disabled={!s.enabled}>
                      {s.name}
                      {s.enabled ? '' : ' (disabled)'}
                    </option>
                  ))}
                </select>
              </label>
              {Object.keys(params).map((n) => (
                <label key={n} className="field">
                  {n} {kind === 'sweep' && <span className="muted small">list 5,10,20 or range 5:50:5</span>}
                  <input value={params[n]} onChange={(e) => setParams({ ...params, [n]: e.target.value })} data-testid={`launch-param-${n}`} />
                </label>
              ))}
              <label className="field">
                From {chosen && <span className="muted small">data from {when(chosen.first_time)}</span>}
                <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="launch-from" />
              </label>
              <label className="field">
                To {chosen && <span className="muted small">until {when(chosen.last_time)}</span>}
                <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="launch-to" />
              </label>
              <label className="field">
                Starting cash
                <input type="number" min="1" value={cash} onChange={(e) => setCash(e.target.value)} data-testid="launch-cash" />
              </label>
              <label className="field">
                Commission (% of notional)
                <input type="number" min="0" step="any" value={commission} onChange={(e) => setCommission(e.target.value)} data-testid="launch-commission" />
              </label>
              <label className="field">
                Slippage (bps)
                <input type="number" min="0" step="any" value={slippage} onChange={(e) => setSlippage(e.target.value)} />
              </label>
              <label className="field">
                Sizing
                <select value={sizing} onChange={(e) => setSizing(e.target.value)}>
                  {SIZINGS.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </label>
              {sizing !== 'all-in' && (
                <label className="field">
                  Size
                  <input type="number" step="any" value={size} onChange={(e) => setSize(e.target.value)} />
                </label>
              )}
              {kind === 'backtest' ? (
                <label className="field">
                  Random baseline seeds
                  <input type="number" min="0" value={seeds} onChange={(e) => setSeeds(e.target.value)} data-testid="launch-seeds" />
                </label>
              ) : (
                <label className="field">
                  Objective
                  <input value={objective} onChange={(e) => setObjective(e.target.value)} />
                </label>
              )}
              <div className="row">
                <ActionButton needs="trader" kind="primary" testid="launch-submit" disabled={!symbol || !strategy} onClick={launch}>
                  Launch {kind}
                </ActionButton>
              </div>
            </form>
          </Panel>
        )}
      </Loading>
      {jobs.map((j) => (
        <Panel key={j.id} testid={`launched-${j.id}`}>
          <JobProgress initial={j} />
        </Panel>
      ))}
    </Page>
  );
}
