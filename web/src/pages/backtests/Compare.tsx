import { useMemo } from 'react';
import { TimeChart } from '../../charts/TimeChart';
import { Term } from '../../components/Info';
import { MetricValue } from '../../components/Metrics';
import { Loading, Page, Panel } from '../../components/Page';
import { href } from '../../lib/router';
import type { EquitySeries, RunDetail } from '../../lib/types';
import { useApi } from '../../lib/use-api';
import { runTitle, shortId } from './run-title';

interface Compared {
  runs: RunDetail[];
  equity: Record<string, EquitySeries>;
}

/** Several runs side by side: every metric in a row, equity curves overlaid (each rebased to 100 so different cash compares). */
export function Compare({ ids }: { ids: string[] }) {
  const data = useApi<Compared>(ids.length > 0 ? `/runs/compare?ids=${ids.map(encodeURIComponent).join(',')}` : null);
  const lines = useMemo(
    () =>
      (data.data?.runs ?? []).map((r) => {
        const e = data.data!.equity[r.id];
        const first = e.equity.find((v) => v !== null && v !== 0) ?? 1;
        return { name: `${shortId(r.id)} ${runTitle(r)}`, time: e.time, values: e.equity.map((v) => (v === null ? null : (v / first) * 100)) };
      }),
    [data.data],
  );
  const keys = useMemo(() => {
    const seen: string[] = [];
    for (const r of data.data?.runs ?? []) for (const k of Object.keys(r.metrics)) if (!seen.includes(k)) seen.push(k);
    return seen;
  }, [data.data]);

  return (
    <Page id="backtest-compare" title={`Compare ${ids.length} runs`} actions={<a href={href('/backtests')}>← all runs</a>}>
      <Loading data={data.data} error={data.error}>
        {(d) => (
          <>
            <Panel title="Equity, rebased to 100" testid="compare-equity">
              <TimeChart lines={lines} height={300} />
            </Panel>
            <Panel title="Metrics" testid="compare-metrics">
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th>Metric</th>
                      {d.runs.map((r) => (
                        <th key={r.id} className="num">
                          <a href={href(`/backtests/${r.id}`)}>
                            <code>{shortId(r.id)}</code>
                          </a>
                          <div className="muted small">{runTitle(r)}</div>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {keys.map((k) => (
                      <tr key={k}>
                        <th>
                          <Term k={k} />
                        </th>
                        {d.runs.map((r) => (
                          <td key={r.id} className="num">
                            <MetricValue k={k} value={r.metrics[k]} />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Panel>
          </>
        )}
      </Loading>
    </Page>
  );
}
