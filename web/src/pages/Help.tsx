import { useState } from 'react';
import { Page } from '../components/Page';
import { useGlossary } from '../lib/glossary';

/** The glossary: every metric and term the dashboard shows, searchable. */
export function Help() {
  const { entries } = useGlossary();
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const shown = needle === '' ? entries : entries.filter((e) => `${e.key} ${e.label} ${e.definition}`.toLowerCase().includes(needle));
  return (
    <Page id="help" title="Help: glossary">
      <p className="muted">
        Every figure the dashboard shows, defined. The same definitions appear on the <span className="info">i</span> next to each metric. Full
        formulas are in <code>docs/metrics.md</code>.
      </p>
      <input className="search" placeholder="Search the glossary" value={q} onChange={(e) => setQ(e.target.value)} data-testid="glossary-search" />
      <table className="table glossary" data-testid="glossary">
        <thead>
          <tr>
            <th>Term</th>
            <th>Key</th>
            <th>Unit</th>
            <th>Definition</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr key={e.key} data-testid={`glossary-${e.key}`}>
              <td>
                <b>{e.label}</b>
              </td>
              <td>
                <code>{e.key}</code>
              </td>
              <td>{e.unit}</td>
              <td>{e.definition}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
