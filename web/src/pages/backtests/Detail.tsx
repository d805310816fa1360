import { useEffect, useMemo, useState } from 'react';
import { MonthlyHeatmap } from '../../charts/MonthlyHeatmap';
import { PnlHistogram } from '../../charts/PnlHistogram';
import { PriceChart } from '../../charts/PriceChart';
import { TimeChart } from '../../charts/TimeChart';
import { DataTable } from '../../components/DataTable';
import { Info, Term } from '../../components/Info';
import { KEY_METRICS, MetricCard, MetricsTable, MetricValue } from '../../components/Metrics';
import { ErrorNote, Loading, Page, Panel } from '../../components/Page';
import type { ApiError } from '../../lib/api';
import { money, num, pct, signClass, when } from '../../lib/format';
import { href } from '../../lib/router';
import type { Bar, EquitySeries, MonthlyReturn, RunDetail, Trade } from '../../lib/types';
import { asApiError, useApi } from '../../lib/use-api';
import { bandLines } from './band-lines';
import { loadBars } from './bars';
import { runTitle, shortId } from './run-title';

/** One run: headline metrics, price with trades, equity vs buy-and-hold and the random baselines' band, drawdown, monthly returns, trade P&L, every metric, baselines, trades. */
export function Detail({ id }: { id: string }) {
  const run = useApi<RunDetail>(`/runs/${encodeURIComponent(id)}`);
  const equity = useApi<EquitySeries>(`/runs/${encodeURIComponent(id)}/equity`);
  const trades = useApi<Trade[]>(`/runs/${encodeURIComponent(id)}/trades`);
  const monthly = useApi<MonthlyReturn[]>(`/runs/${encodeURIComponent(id)}/monthly`);

  return (
    <Page id="backtest-detail" title={run.data ? runTitle(run.data) : `Run ${shortId(id)}`} actions={<a href={href('/backtests')}>← all runs</a>}>
      <Loading data={run.data} error={run.error}>
        {(r) => (
          <>
            <p className="muted">
              {r.kind} · run <code data-testid="run-id">{r.id}</code> · {when(r.metrics.start as string)} → {when(r.metrics.end as string)} · finished {when(r.finished_at)}
            </p>
            <div className="cards" data-testid="run-cards">
              {KEY_METRICS.map((k) => (
                <MetricCard key={k} k={k} value={r.metrics[k]} />
              ))}
            </div>
            <PricePanel run={r} trades={trades.data} />
            <div className="grid">
              <Panel title={<Term k="baseline" label="Equity vs baselines" />} testid="equity-panel">
                <ErrorNote error={equity.error} />
                {equity.data && (
                  <TimeChart
                    testid="equity-chart"
                    lines={[
                      { name: 'strategy', time: equity.data.time, values: equity.data.equity },
                      ...(equity.data.benchmark ? [{ name: 'buy-and-hold', time: equity.data.time, values: equity.data.benchmark }] : []),
                      ...bandLines(equity.data),
                    ]}
                  />
                )}
              </Panel>
              <Panel title={<Term k="drawdown" label="Underwater (drawdown %)" />} testid="drawdown-panel">
                {equity.data && <TimeChart testid="drawdown-chart" area lines={[{ name: 'drawdown', time: equity.data.time, values: equity.data.drawdown_pct }]} />}
              </Panel>
              <Panel title={<Term k="monthly_return_pct" label="Monthly returns %" />} testid="monthly-panel">
                <ErrorNote error={monthly.error} />
                {monthly.data && <MonthlyHeatmap months={monthly.data} />}
              </Panel>
              <Panel title={<Term k="trade_pnl" label="Trade P&L" />} testid="histogram-panel">
                {trades.data && (trades.data.length > 0 ? <PnlHistogram trades={trades.data} /> : <p className="muted">No closed trades.</p>)}
              </Panel>
            </div>
            <div className="grid">
              <Panel title="All metrics" testid="all-metrics">
                <MetricsTable metrics={r.metrics} />
              </Panel>
              <div>
                <Baselines r={r} />
                <Overfitting r={r} />
                <Panel title="Configuration">
                  <MetricsTable metrics={flatConfig(r.config)} />
                </Panel>
              </div>
            </div>
            <Panel title={`Trades (${r.trades})`} testid="trades-panel">
              <ErrorNote error={trades.error} />
              <TradesTable trades={trades.data ?? []} />
            </Panel>
          </>
        )}
      </Loading>
    </Page>
  );
}

function flatConfig(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) out[k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : k === 'from' || k === 'to' ? when(v as number | null) : v;
  return out;
}

function PricePanel({ run, trades }: { run: RunDetail; trades: Trade[] | undefined }) {
  const symbol = run.symbols[0];
  const [bars, setBars] = useState<Bar[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const from = Date.parse(String(run.metrics.start));
  const to = Date.parse(String(run.metrics.end));
  useEffect(() => {
    if (!symbol || !run.interval) return;
    let live = true;
    loadBars(symbol, run.interval, Number.isFinite(from) ? from : null, Number.isFinite(to) ? to : null)
      .then((b) => live && setBars(b))
      .catch((e: unknown) => live && setError(asApiError(e)));
    return () => {
      live = false;
    };
  }, [symbol, run.interval, from, to]);
  const mine = useMemo(() => (trades ?? []).filter((t) => t.symbol === symbol), [trades, symbol]);
  return (
    <Panel title={`${symbol ?? ''} ${run.interval ?? ''} with trade entries (arrows) and exits (circles)`} testid="price-panel">
      <ErrorNote error={error} />
      {bars && trades ? <PriceChart bars={bars} trades={mine} /> : !error && <p className="muted">Loading bars…</p>}
    </Panel>
  );
}

function Baselines({ r }: { r: RunDetail }) {
  const baselines = r.summary.baselines ?? [];
  const comparison = r.summary.comparison ?? {};
  if (baselines.length === 0 && Object.keys(comparison).length === 0) return null;
  return (
    <Panel title={<Term k="baseline" label="Against the baselines" />} testid="baselines">
      <table className="table">
        <thead>
          <tr>
            <th />
            <th className="num">
              <Term k="total_return_pct" />
            </th>
            <th className="num">
              <Term k="sharpe" />
            </th>
            <th className="num">
              <Term k="max_drawdown_pct" />
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="strong">
            <td>this strategy</td>
            <td className="num">
              <MetricValue k="total_return_pct" value={r.metrics.total_return_pct} />
            </td>
            <td className="num">{num(r.metrics.sharpe as number | null)}</td>
            <td className="num">{pct(r.metrics.max_drawdown_pct as number | null)}</td>
          </tr>
          {baselines.map((b) => (
            <tr key={b.name}>
              <td>{b.name}</td>
              <td className="num">
                <MetricValue k="total_return_pct" value={b.total_return_pct} />
              </td>
              <td className="num">{num(b.sharpe)}</td>
              <td className="num">{pct(b.max_drawdown_pct)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MetricsTable metrics={comparison} />
    </Panel>
  );
}

function Overfitting({ r }: { r: RunDetail }) {
  const o = r.summary.overfitting;
  if (!o) return null;
  const notes = Array.isArray(o.notes) ? (o.notes as string[]) : [];
  const stats = Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'notes'));
  const results = r.summary.results ?? [];
  return (
    <Panel title="Sweep: selection bias" testid="overfitting">
      {r.summary.best_params && (
        <p>
          Best parameters: <code>{JSON.stringify(r.summary.best_params)}</code>
        </p>
      )}
      <MetricsTable metrics={stats} />
      {notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
      {results.length > 0 && <DataTable rows={results.slice(0, 50)} />}
    </Panel>
  );
}

function TradesTable({ trades }: { trades: Trade[] }) {
  return (
    <DataTable
      rows={trades}
      empty="No closed trades."
      testid="trades-table"
      columns={[
        { key: 'symbol', label: 'Symbol' },
        { key: 'side', label: 'Side' },
        { key: 'qty', label: 'Qty', numeric: true, render: (t) => num(t.qty) },
        { key: 'entry_time', label: 'Entry', render: (t) => when(t.entry_time) },
        { key: 'entry_price', label: 'Entry price', numeric: true, render: (t) => money(t.entry_price) },
        { key: 'exit_time', label: 'Exit', render: (t) => when(t.exit_time) },
        { key: 'exit_price', label: 'Exit price', numeric: true, render: (t) => money(t.exit_price) },
        { key: 'fees', label: 'Fees', numeric: true, render: (t) => money(t.fees) },
        {
          key: 'pnl',
          label: (
            <>
              P&L <Info k="trade_pnl" />
            </>
          ),
          numeric: true,
          render: (t) => <span className={signClass(t.pnl)}>{money(t.pnl)}</span>,
        },
        { key: 'return_pct', label: 'Return', numeric: true, render: (t) => <span className={signClass(t.return_pct)}>{pct(t.return_pct)}</span> },
      ]}
    />
  );
}
