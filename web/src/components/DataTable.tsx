import type { ReactNode } from 'react';
import { when, num } from '../lib/format';
import { Empty } from './Page';

export interface Column<T> {
  key: string;
  label: ReactNode;
  render?: (row: T) => ReactNode;
  numeric?: boolean;
}

/** A scalar for a table cell: times (`*_at`, `*_time`, `time`) as dates, numbers grouped, objects as compact JSON. */
export function cell(key: string, v: unknown): ReactNode {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return key === 'time' || key.endsWith('_time') ? when(v) : num(v);
  if (typeof v === 'string') return key.endsWith('_at') || key.endsWith('_time') ? when(v) : v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return <code className="json">{JSON.stringify(v)}</code>;
}

/** Columns for rows whose shape is not fixed: every key seen, in first-seen order. */
export function autoColumns<T extends object>(rows: readonly T[]): Column<T>[] {
  const keys: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  return keys.map((k) => ({ key: k, label: k.replace(/_/g, ' ') }));
}

export function DataTable<T extends object>({
  rows,
  columns,
  empty,
  testid,
  rowTestid,
  rowClass,
}: {
  rows: readonly T[];
  columns?: Column<T>[];
  empty?: ReactNode;
  testid?: string;
  rowTestid?: (row: T) => string;
  rowClass?: (row: T) => string;
}) {
  if (rows.length === 0) return <Empty>{empty ?? 'Nothing yet.'}</Empty>;
  const cols = columns ?? autoColumns(rows);
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testid}>
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c.key} className={c.numeric ? 'num' : ''}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid={rowTestid?.(r)} className={rowClass?.(r)}>
              {cols.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : ''}>
                  {c.render ? c.render(r) : cell(c.key, (r as Record<string, unknown>)[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
